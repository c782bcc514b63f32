import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, renderApp } from '../../test/render-app';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

const home = {
  id: '00000000-0000-4000-8000-00000000ad01',
  label: 'Home',
  line: 'Linienstraße 5',
  notes: null,
  location: { lat: 52.528, lng: 13.41 },
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('saved addresses', () => {
  it('edits an address’s name, line and notes, and deletes one only after a confirmation', async () => {
    const user = makeUser('customer');
    let items = [home];
    const { requests } = renderApp('/addresses', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/orders/my')) return json(200, { items: [], nextCursor: null });
      if (r.path === '/me/addresses' && r.method === 'GET') return json(200, { items });
      if (r.path === `/me/addresses/${home.id}` && r.method === 'PATCH') {
        items = [{ ...home, ...(r.body as object) }];
        return json(200, { address: items[0] });
      }
      if (r.path === `/me/addresses/${home.id}` && r.method === 'DELETE') {
        items = [];
        return new Response(null, { status: 204 });
      }
    });
    const list = await screen.findByRole('list', { name: 'Saved addresses' });
    expect(within(list).getByText('Linienstraße 5')).toBeTruthy();

    fireEvent.click(within(list).getByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Flat' } });
    fireEvent.change(screen.getByLabelText('Notes for the partner (optional)'), { target: { value: 'Ring twice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Flat' })).toBeTruthy());
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({
      label: 'Flat',
      line: 'Linienstraße 5',
      notes: 'Ring twice',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    const confirm = screen.getByRole('alertdialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('No saved addresses yet')).toBeTruthy();
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});
