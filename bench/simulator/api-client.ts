import { randomUUID } from 'node:crypto';
import type { ErrorResponse, SessionResponse } from '@swyft/contract';

export interface ApiResult<T> {
  status: number;
  body: T & Partial<ErrorResponse>;
}

/**
 * A token client of the public API, as a phone app is: bearer access token, refresh on 401 (once), and a
 * polite wait on 429 (retry-after). Nothing here knows the server's internals.
 */
export class ApiClient {
  accessToken: string | undefined;
  private refreshToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async signIn(account: {
    name: string;
    email: string;
    password: string;
    role: 'customer' | 'partner';
  }): Promise<SessionResponse['user']> {
    const registered = await this.call<SessionResponse>('POST', '/api/v1/auth/register', {
      ...account,
      client: 'token',
    });
    const session =
      registered.status === 201
        ? registered
        : await this.call<SessionResponse>('POST', '/api/v1/auth/login', {
            email: account.email,
            password: account.password,
            client: 'token',
          });
    if (session.status >= 400) throw new Error(`${account.email}: ${session.body.error?.message ?? session.status}`);
    this.accessToken = session.body.accessToken;
    this.refreshToken = session.body.refreshToken;
    return session.body.user;
  }

  async logIn(email: string, password: string): Promise<SessionResponse['user']> {
    const session = await this.call<SessionResponse>('POST', '/api/v1/auth/login', {
      email,
      password,
      client: 'token',
    });
    if (session.status >= 400) throw new Error(`${email}: ${session.body.error?.message ?? session.status}`);
    this.accessToken = session.body.accessToken;
    this.refreshToken = session.body.refreshToken;
    return session.body.user;
  }

  /** Trades the refresh token for a new pair; false when the session is gone. */
  async refresh(): Promise<boolean> {
    if (!this.refreshToken) return false;
    const res = await this.call<SessionResponse>(
      'POST',
      '/api/v1/auth/refresh',
      { refreshToken: this.refreshToken },
      {},
      false,
    );
    if (res.status !== 200) return false;
    this.accessToken = res.body.accessToken;
    this.refreshToken = res.body.refreshToken;
    return true;
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.call<T>('POST', path, body, headers);
  }
  patch<T>(path: string, body?: unknown) {
    return this.call<T>('PATCH', path, body);
  }
  put<T>(path: string, body?: unknown) {
    return this.call<T>('PUT', path, body);
  }

  newIdempotencyKey(): string {
    return randomUUID();
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    retryOn401 = true,
  ): Promise<ApiResult<T>> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const parsed = text ? JSON.parse(text) : {};
      if (response.status === 401 && retryOn401 && this.refreshToken && attempt === 0 && (await this.refresh()))
        continue;
      if (response.status === 429 && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      return { status: response.status, body: parsed };
    }
  }
}
