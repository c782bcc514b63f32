import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, refused, renderApp } from '../../test/render-app';
import type { Store } from '../api/types';
import { stockChanges } from './stores/stock-form';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());

const at = '2026-11-21T10:00:00.000Z';
const store = (id: string, name: string): Store => ({
  id,
  name,
  address: `${name} Straße 1`,
  location: { lat: 52.52, lng: 13.4 },
  deliveryArea: null,
  prepMinutes: 10,
  deliveryFeeCents: 0,
  freeDeliveryFromCents: null,
  minOrderCents: 0,
  active: true,
  createdAt: at,
  updatedAt: at,
});
const mitte = store('00000000-0000-4000-8000-0000000005a1', 'Mitte');
const kreuzberg = store('00000000-0000-4000-8000-0000000005a2', 'Kreuzberg');
const product = (n: number, name: string, stock: number) => ({
  id: `00000000-0000-4000-8000-0000000000b${n}`,
  name,
  description: '',
  priceCents: 199,
  stock,
  active: true,
  category: null,
  imageUrl: null,
  createdAt: at,
  updatedAt: at,
});
const bananas = product(1, 'Bananas (6)', 12);
const milk = product(2, 'Whole milk (1 l)', 0);
const bread = product(3, 'Sourdough bread', 4);

describe('stock form rules', () => {
  it('sends only changed rows, and names rows that are not a stock level', () => {
    const products = [bananas, milk, bread];
    expect(stockChanges(products, { [bananas.id]: '12', [milk.id]: ' 30 ', [bread.id]: '4' })).toEqual({
      items: [{ productId: milk.id, stock: 30 }],
      invalid: [],
    });
    expect(stockChanges(products, { [bananas.id]: '-1', [milk.id]: '2.5', [bread.id]: '2000000' }).invalid).toEqual([
      bananas.id,
      milk.id,
      bread.id,
    ]);
  });
});

describe('stock page', () => {
  function serve(put: (body: unknown) => Response) {
    const user = makeUser('admin');
    return renderApp(`/admin/stock?store=${kreuzberg.id}`, (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/stores?')) return json(200, { items: [kreuzberg, mitte], nextCursor: null });
      if (r.method === 'GET' && r.path.startsWith('/products?')) {
        expect(r.path).toContain(`storeId=${kreuzberg.id}`);
        return json(200, { items: [bananas, milk, bread], nextCursor: null });
      }
      if (r.method === 'PUT' && r.path === `/stores/${kreuzberg.id}/stock`) return put(r.body);
    });
  }

  it("shows one store's stock, saves the changed rows in one request and shows what changed", async () => {
    const { requests } = serve((body) => json(200, body));
    const table = await screen.findByRole('table', { name: 'Stock at Kreuzberg' }, { timeout: 5000 });
    expect(within(table).getByRole('rowheader', { name: 'Bananas (6)' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('New stock of Whole milk (1 l)'), { target: { value: '40' } });
    fireEvent.change(screen.getByLabelText('New stock of Sourdough bread'), { target: { value: '0' } });
    expect(screen.getByText('2 changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save stock' }));

    const outcome = await screen.findByText(/^Saved 2 stock levels at Kreuzberg/);
    expect(outcome.closest('[role="status"]')?.textContent).toContain('Whole milk (1 l): 0 → 40');
    expect(outcome.closest('[role="status"]')?.textContent).toContain('Sourdough bread: 4 → 0');
    const puts = requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.body).toEqual({
      items: [
        { productId: milk.id, stock: 40 },
        { productId: bread.id, stock: 0 },
      ],
    });
    // The table now holds the saved levels, with nothing left to save.
    const row = screen.getByRole('rowheader', { name: 'Whole milk (1 l)' }).closest('tr')!;
    expect(row.querySelector('td')?.textContent).toBe('40');
    expect(screen.getByText('No changes')).toBeTruthy();
  });

  it('keeps a row that is not a number from being sent', async () => {
    const { requests } = serve((body) => json(200, body));
    fireEvent.change(await screen.findByLabelText('New stock of Bananas (6)'), { target: { value: 'lots' } });
    expect(screen.getByLabelText('New stock of Bananas (6)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole number from 0 to 1,000,000')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save stock' }) as HTMLButtonElement).disabled).toBe(true);
    expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('says that nothing was saved when the server refuses, naming the row', async () => {
    serve(() =>
      refused(400, 'validation_failed', {
        fields: [{ path: 'body.items.1.stock', message: 'must be at most 1000000' }],
      }),
    );
    fireEvent.change(await screen.findByLabelText('New stock of Whole milk (1 l)'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('New stock of Sourdough bread'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save stock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing was saved');
    expect(alert.textContent).toContain('Sourdough bread: must be at most 1000000');
    await waitFor(() =>
      expect(screen.getByLabelText('New stock of Sourdough bread').getAttribute('aria-invalid')).toBe('true'),
    );
    // The levels shown are still the store's.
    const row = screen.getByRole('rowheader', { name: 'Sourdough bread' }).closest('tr')!;
    expect(row.querySelector('td')?.textContent).toBe('4');
  });
});
