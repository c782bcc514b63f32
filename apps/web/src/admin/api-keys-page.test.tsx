import type { ApiKey } from '@swyft/contract';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

const SECRET = `sk_${'a'.repeat(43)}`;
const till: ApiKey = {
  id: '8b0e5f7e-2a43-4a55-9a8c-6f1d2c3b4a50',
  name: 'Till, Main Street',
  scopes: ['stock:write'],
  prefix: 'sk_aaaaaaaa',
  createdAt: '2026-11-30T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

describe('API keys page', () => {
  it('creates a key with the scopes ticked, shows its secret once, and revokes after asking', async () => {
    const admin = makeUser('admin');
    let keys: ApiKey[] = [];
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { requests } = renderApp('/admin/api-keys', (r) => {
      if (r.path === '/me') return json(200, { user: admin });
      if (r.path === '/admin/api-keys' && r.method === 'GET') return json(200, { items: keys });
      if (r.path === '/admin/api-keys' && r.method === 'POST') {
        keys = [till];
        return json(201, { apiKey: till, secret: SECRET });
      }
      if (r.path === `/admin/api-keys/${till.id}` && r.method === 'DELETE') {
        keys = [{ ...till, revokedAt: '2026-11-30T11:00:00.000Z' }];
        return new Response(null, { status: 204 });
      }
    });
    fireEvent.click(await screen.findByRole('button', { name: 'New API key' }, { timeout: 10_000 }));

    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Choose at least one scope')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Till, Main Street' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^stock:write/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const heading = await screen.findByRole('heading', { name: /^Copy the secret of “Till, Main Street”/ });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText(SECRET)).toBeTruthy();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Till, Main Street',
      scopes: ['stock:write'],
    });
    await waitFor(() =>
      expect(screen.getByTestId('announcer-polite').textContent).toMatch(/created\. Copy its secret now/),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy secret' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText(SECRET)).toBeNull();

    const row = (await screen.findByText('Till, Main Street')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke Till, Main Street' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke “Till, Main Street”?' });
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText(/^Revoked /)).toBeTruthy();
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/admin/api-keys/${till.id}`]);
  });
});
