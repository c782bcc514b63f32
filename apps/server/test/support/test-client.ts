import { CSRF_COOKIE, CSRF_HEADER } from '@swyft/contract';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  setCookies: string[];
}

interface StoredCookie {
  value: string;
  path: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Leave out the x-csrf-token header a browser app would send. */
  omitCsrf?: boolean;
}

/**
 * A client that talks to a real server over HTTP the way a browser does: it keeps cookies by path and
 * echoes the CSRF cookie in `x-csrf-token`. With `bearer`, it acts as a token client instead.
 */
export class TestClient {
  readonly cookies = new Map<string, StoredCookie>();
  bearer: string | undefined;

  constructor(
    readonly baseUrl: string,
    options: { bearer?: string } = {},
  ) {
    this.bearer = options.bearer;
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('POST', path, { ...options, body });
  put = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PUT', path, { ...options, body });
  patch = <T = any>(path: string, body?: unknown, options?: RequestOptions) =>
    this.request<T>('PATCH', path, { ...options, body });
  delete = <T = any>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, options);

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const url = new URL(path.startsWith('/api') || path.startsWith('/') ? path : `/api/v1/${path}`, this.baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    const cookieHeader = this.cookieHeaderFor(url.pathname);
    if (cookieHeader) headers.cookie = cookieHeader;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const csrf = this.cookies.get(CSRF_COOKIE)?.value;
    if (csrf && !options.omitCsrf && method !== 'GET') headers[CSRF_HEADER] ??= csrf;
    let payload: string | Uint8Array | undefined = options.rawBody;
    if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';

    const response = await fetch(url, { method, headers, body: payload });
    const setCookies = response.headers.getSetCookie();
    this.storeCookies(setCookies);
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T, setCookies };
  }

  private cookieHeaderFor(pathname: string): string {
    return [...this.cookies.entries()]
      .filter(
        ([, cookie]) =>
          pathname === cookie.path || pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
      )
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  private storeCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = new Map(
        attributes.map((a) => {
          const i = a.indexOf('=');
          return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
        }),
      );
      const expired =
        attr.get('max-age') === '0' || (attr.has('expires') && Date.parse(attr.get('expires')!) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr.get('path') ?? '/' });
    }
  }
}
