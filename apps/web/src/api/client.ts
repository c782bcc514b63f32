import type { ErrorCode } from '@swyft/contract';
import { CSRF_COOKIE, CSRF_HEADER } from './session-names';

export type ClientErrorCode = ErrorCode | 'network_error';

/** An API refusal, read from the one error shape `{ error: { code, message, details, requestId } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type SessionLossReason = 'expired' | 'disabled';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Reads a cookie the page can see (only `csrf_token` is script-readable; the tokens are HttpOnly). */
  readCookie?: (name: string) => string | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** These never trigger a refresh: they are how a session starts or renews. */
const NO_REFRESH = /^\/auth\/(login|register|refresh)$/;
export const API_BASE = '/api/v1';

export function readDocumentCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The one HTTP client. The session lives in HttpOnly cookies; this only echoes the CSRF cookie on unsafe
 * requests. A 401 triggers exactly one refresh (shared by every request that failed at the same moment)
 * and one retry of each; when that fails too, the session is lost and listeners hear why.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly readCookie: (name: string) => string | undefined;
  private refreshing: Promise<'ok' | SessionLossReason> | null = null;
  private readonly lossListeners = new Set<(reason: SessionLossReason) => void>();

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? API_BASE;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.readCookie = options.readCookie ?? readDocumentCookie;
  }

  /**
   * Whether this browser may hold a session: the readable `csrf_token` cookie is set with the session's cookies
   * (for as long as the refresh token), and cleared at sign-out. Without it the visitor is anonymous and asking
   * /me (and then /auth/refresh) would only log two 401s in the console.
   */
  mayHaveSession(): boolean {
    return Boolean(this.readCookie(CSRF_COOKIE));
  }

  /** Forgets the session hint once the server said the session is over (its cookies may outlive it). */
  forgetSessionHint(): void {
    if (typeof document === 'undefined' || this.readCookie !== readDocumentCookie) return;
    // biome-ignore lint/suspicious/noDocumentCookie: one fixed cookie expired; the Cookie Store API is not in every browser Swyft supports
    document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  }

  onSessionLost(listener: (reason: SessionLossReason) => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  get<T>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  delete<T>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(method, path, options);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || NO_REFRESH.test(path)) throw this.seen(error);
      const outcome = await this.refreshOnce();
      if (outcome !== 'ok') throw this.lost(error, outcome);
      try {
        return await this.send<T>(method, path, options);
      } catch (retryError) {
        if (retryError instanceof ApiError && retryError.status === 401) throw this.lost(retryError, 'expired');
        throw this.seen(retryError);
      }
    }
  }

  /** Renews the session (the socket calls this when its handshake is refused); false when it is gone. */
  async refreshSession(): Promise<boolean> {
    const outcome = await this.refreshOnce();
    if (outcome !== 'ok') this.reportSessionLost(outcome);
    return outcome === 'ok';
  }

  /** Tells the listeners the session is over (also used when the socket is refused for good). */
  reportSessionLost(reason: SessionLossReason): void {
    this.forgetSessionHint();
    for (const listener of this.lossListeners) listener(reason);
  }

  /** One POST /auth/refresh at a time; concurrent callers share its outcome. */
  private refreshOnce(): Promise<'ok' | SessionLossReason> {
    this.refreshing ??= this.send('POST', '/auth/refresh', {})
      .then(
        () => 'ok' as const,
        (error: unknown) =>
          error instanceof ApiError && error.code === 'account_disabled' ? ('disabled' as const) : ('expired' as const),
      )
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private seen(error: unknown): unknown {
    if (error instanceof ApiError && error.code === 'account_disabled') this.lost(error, 'disabled');
    return error;
  }

  private lost(error: ApiError, reason: SessionLossReason): ApiError {
    this.reportSessionLost(reason);
    return error;
  }

  private async send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    // A file (a product photo) goes as it is, with its own type; anything else as JSON.
    const file = typeof Blob !== 'undefined' && options.body instanceof Blob ? options.body : undefined;
    if (options.body !== undefined)
      headers['content-type'] = file ? file.type || 'application/octet-stream' : 'application/json';
    if (UNSAFE.has(method)) {
      const csrf = this.readCookie(CSRF_COOKIE);
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path + toQueryString(options.query), {
        method,
        headers,
        body: file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'Cannot reach Swyft. Check your connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let payload: unknown;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (response.ok) return payload as T;
    throw toApiError(response, payload);
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = (payload as { error?: Record<string, unknown> } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(
      response.status,
      error.code as ErrorCode,
      typeof error.message === 'string' ? error.message : 'The request failed',
      (error.details as Record<string, unknown>) ?? {},
      typeof error.requestId === 'string' ? error.requestId : undefined,
    );
  }
  const code: ErrorCode =
    response.status === 401 ? 'unauthenticated' : response.status >= 500 ? 'internal_error' : 'validation_failed';
  return new ApiError(response.status, code, `The server answered ${response.status}`);
}

export function toQueryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
