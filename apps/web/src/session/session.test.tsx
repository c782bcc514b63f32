import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, openedSockets, refused, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

describe('session', () => {
  it('sends an anonymous visitor to sign-in without asking the server (no 401 in the console)', async () => {
    const { requests } = renderApp('/', () => refused(401, 'unauthenticated'), { sessionHint: false });
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(requests).toEqual([]);
  });

  it('signs in, lands on the shop and opens the live connection', async () => {
    const user = makeUser('customer');
    let signedIn = false;
    const { requests } = renderApp('/', (r) => {
      if (r.path === '/me') return signedIn ? json(200, { user }) : refused(401, 'unauthenticated');
      if (r.path === '/auth/refresh') return refused(401, 'unauthenticated');
      if (r.path === '/auth/login') {
        signedIn = true;
        return json(200, { user });
      }
      if (r.path.startsWith('/products')) return json(200, { items: [], nextCursor: null });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
    });
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: user.email } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('What do you need today?')).toBeTruthy();
    expect(requests.find((r) => r.path === '/auth/login')!.body).toEqual({
      email: user.email,
      password: 'secret-password',
    });
    expect(openedSockets).toHaveLength(1);
    // Nothing secret is kept in script-readable storage.
    expect(JSON.stringify({ ...localStorage })).not.toMatch(/token/i);
    expect(sessionStorage.length).toBe(0);
  });

  it('tells a wrong password apart and keeps the form usable', async () => {
    renderApp('/login', (r) => {
      if (r.path === '/me' || r.path === '/auth/refresh') return refused(401, 'unauthenticated');
      if (r.path === '/auth/login') return refused(401, 'unauthenticated');
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'a@b.example' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password.', { selector: '#login-error' })).toBeTruthy();
  });

  it('refreshes an expired access token once and carries on', async () => {
    const user = makeUser('customer');
    let fresh = false;
    const { requests } = renderApp('/orders', (r) => {
      if (r.path === '/auth/refresh') {
        fresh = true;
        return json(200, { user });
      }
      if (!fresh) return refused(401, 'unauthenticated');
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
    });
    expect(await screen.findByText('No orders yet')).toBeTruthy();
    expect(requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(1);
  });

  it('throws a disabled user out to the sign-in screen with the reason', async () => {
    const user = makeUser('customer');
    let disabled = false;
    renderApp('/', (r) => {
      if (disabled) return refused(403, 'account_disabled');
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/products')) return json(200, { items: [], nextCursor: null });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
    });
    expect(await screen.findByText('What do you need today?')).toBeTruthy();
    const socket = openedSockets[0]!;
    act(() => socket.accept());
    disabled = true;
    // The server closes the sockets of a disabled user; the app checks why and signs out.
    act(() => socket.drop('io server disconnect'));
    expect(await screen.findByText(/Your account has been disabled/, { selector: '[role="alert"]' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });
});
