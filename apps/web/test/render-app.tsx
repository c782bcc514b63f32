import { cleanup, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Toaster } from 'sonner';
import { afterEach, vi } from 'vitest';
import { api } from '../src/api/swyft-api';
import type { User } from '../src/api/types';
import { App } from '../src/app';
import { SessionProvider } from '../src/session/session-provider';
import { ids } from './factories';
import { openedSockets } from './fake-socket';

export interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
export type Route = (request: Request) => Response | undefined | Promise<Response | undefined>;

export const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
export const refused = (status: number, code: string, details: Record<string, unknown> = {}) =>
  json(status, { error: { code, message: code, details, requestId: 'r' } });

let userCounter = 0;
export function makeUser(role: User['role'] = 'customer'): User {
  userCounter++;
  return {
    id: role === 'customer' ? `${ids.customer.slice(0, -3)}${String(userCounter).padStart(3, '0')}` : ids.partner,
    name: role === 'customer' ? 'Chloe Customer' : 'Priya Partner',
    email: `${role}${userCounter}@example.test`,
    role,
    disabled: false,
    createdAt: new Date().toISOString(),
  };
}

export { openedSockets };

/**
 * Renders the whole app at `path` against a fake API: `route` answers each request (unanswered ones
 * are a 404), every request is recorded.
 */
export function renderApp(path: string, route: Route, options: { sessionHint?: boolean } = {}) {
  const requests: Request[] = [];
  // The readable cookie that says a session may exist (see ApiClient.mayHaveSession): these tests answer /me.
  // biome-ignore lint/suspicious/noDocumentCookie: a test fixture sets the one readable cookie
  document.cookie = options.sessionHint === false ? 'csrf_token=; Max-Age=0; Path=/' : 'csrf_token=test-csrf; Path=/';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const request: Request = {
        method: init?.method ?? 'GET',
        path: url.pathname.replace('/api/v1', '') + url.search,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      requests.push(request);
      return (await route(request)) ?? refused(404, 'not_found');
    }),
  );
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider api={api}>
        <App />
      </SessionProvider>
      <Toaster />
    </MemoryRouter>,
  );
  return { ...view, requests };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  openedSockets.length = 0;
  localStorage.clear();
});
