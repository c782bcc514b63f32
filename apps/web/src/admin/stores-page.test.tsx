import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, makeUser, refused, renderApp } from '../../test/render-app';
import type { Store } from '../api/types';

vi.mock('socket.io-client', async () => (await import('../../test/mock-socket-io')).mockSocketIo());
// Leaflet does not lay out in happy-dom; the maps are driven in the browser tests (e2e/admin-stores.test.ts).
vi.mock('./stores/store-maps', () => ({
  StoresOverviewMap: () => <div data-testid="overview-map" />,
  StoreEditorMap: () => <div data-testid="editor-map" />,
}));

const at = '2026-11-21T10:00:00.000Z';
const mitte: Store = {
  id: '00000000-0000-4000-8000-0000000005a1',
  name: 'Mitte',
  address: 'Torstraße 1',
  location: { lat: 52.5265, lng: 13.4025 },
  deliveryArea: {
    type: 'Polygon',
    coordinates: [
      [
        [13.38, 52.51],
        [13.43, 52.51],
        [13.43, 52.54],
        [13.38, 52.54],
        [13.38, 52.51],
      ],
    ],
  },
  prepMinutes: 8,
  deliveryFeeCents: 0,
  freeDeliveryFromCents: null,
  minOrderCents: 0,
  active: true,
  createdAt: at,
  updatedAt: at,
};
const bowtie =
  '{"type":"Polygon","coordinates":[[[13.40,52.50],[13.42,52.52],[13.42,52.50],[13.40,52.52],[13.40,52.50]]]}';

function serve(post: (body: unknown) => Response) {
  const user = makeUser('admin');
  return renderApp('/admin/stores/new', (r) => {
    if (r.path === '/me') return json(200, { user });
    if (r.method === 'GET' && r.path.startsWith('/stores?')) return json(200, { items: [mitte], nextCursor: null });
    if (r.method === 'POST' && r.path === '/stores') return post(r.body);
  });
}

describe('stores page', () => {
  it('lists each store with its area in words beside the map', async () => {
    const user = makeUser('admin');
    renderApp('/admin/stores', (r) => {
      if (r.path === '/me') return json(200, { user });
      if (r.path.startsWith('/stores?')) return json(200, { items: [mitte], nextCursor: null });
    });
    const list = await screen.findByRole('list', { name: 'Stores' }, { timeout: 5000 });
    const row = within(list).getByRole('heading', { name: 'Mitte' }).closest('li')!;
    expect(row.textContent).toContain('Torstraße 1');
    expect(row.textContent).toContain('8 min');
    expect(row.textContent).toMatch(/1 polygon, 5 points, \d+(\.\d)? km²/);
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Deactivate Mitte' })).toBeTruthy();
    expect(await screen.findByTestId('overview-map')).toBeTruthy();
  });

  it('creates a store from the keyboard: fields, coordinates and a pasted GeoJSON area', async () => {
    const { requests } = serve((body) =>
      json(201, { store: { ...mitte, ...(body as object), id: 'x', active: true } }),
    );
    fireEvent.change(await screen.findByLabelText('Name', {}, { timeout: 5000 }), {
      target: { value: 'Prenzlauer Berg' },
    });
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'Kastanienallee 5' } });
    fireEvent.change(screen.getByLabelText('Preparation time (minutes)'), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '52.54' } });
    fireEvent.change(screen.getByLabelText('Longitude'), { target: { value: '13.41' } });
    const area = screen.getByLabelText('Delivery area (GeoJSON)');
    // An open ring is closed for the admin, and the box says what it holds.
    fireEvent.change(area, {
      target: { value: '{"type":"Polygon","coordinates":[[[13.39,52.53],[13.43,52.53],[13.43,52.55],[13.39,52.55]]]}' },
    });
    expect(screen.getByText(/1 polygon, 5 points, .* km²\. A ring was not closed; closed it\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create store' }));

    await screen.findByText(/Prenzlauer Berg is open/);
    const posts = requests.filter((r) => r.method === 'POST' && r.path === '/stores');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({
      name: 'Prenzlauer Berg',
      address: 'Kastanienallee 5',
      prepMinutes: 12,
      location: { lat: 52.54, lng: 13.41 },
      deliveryArea: {
        type: 'Polygon',
        coordinates: [
          [
            [13.39, 52.53],
            [13.43, 52.53],
            [13.43, 52.55],
            [13.39, 52.55],
            [13.39, 52.53],
          ],
        ],
      },
    });
  });

  it("shows the server's refusal of an area in plain words, next to the area", async () => {
    serve(() =>
      refused(400, 'validation_failed', {
        fields: [{ path: 'body.deliveryArea', message: 'the outer ring of polygon 1 crosses itself' }],
      }),
    );
    fireEvent.change(await screen.findByLabelText('Name', {}, { timeout: 5000 }), { target: { value: 'Bowtie' } });
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'Somewhere 1' } });
    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '52.51' } });
    fireEvent.change(screen.getByLabelText('Longitude'), { target: { value: '13.41' } });
    fireEvent.change(screen.getByLabelText('Delivery area (GeoJSON)'), { target: { value: bowtie } });
    fireEvent.click(screen.getByRole('button', { name: 'Create store' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server did not accept the new store.');
    expect(alert.textContent).toContain('Delivery area: the outer ring of polygon 1 crosses itself');
    const box = screen.getByLabelText('Delivery area (GeoJSON)');
    expect(box.getAttribute('aria-invalid')).toBe('true');
  });

  it('will not send a store without a place, and says how to give one', async () => {
    const { requests } = serve(() => json(500, {}));
    fireEvent.change(await screen.findByLabelText('Name', {}, { timeout: 5000 }), { target: { value: 'Nowhere' } });
    fireEvent.change(screen.getByLabelText('Address'), { target: { value: 'Somewhere 1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create store' }));
    expect(await screen.findByText(/Place the store: click the map, or enter its latitude and longitude/)).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
