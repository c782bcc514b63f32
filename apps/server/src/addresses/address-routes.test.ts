import { type Address, MAX_SAVED_ADDRESSES } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { withTestNode } from '../../test/support/test-node.js';

const { node, admin, partner, customers } = withTestNode({ admins: 1, partners: 1, customers: 3 });
const [owner, stranger, collector] = customers;

const home = { label: 'Home', line: 'Torstraße 1, 10119 Berlin', location: { lat: 52.529, lng: 13.401 } };

describe('saved addresses', () => {
  it('a customer saves, lists (newest first), changes and removes their addresses', async () => {
    const saved = await owner!.client.post('/api/v1/me/addresses', home);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const address: Address = saved.body.address;
    expect(address).toMatchObject({ ...home, notes: null });
    const work = (
      await owner!.client.post('/api/v1/me/addresses', {
        label: 'Work',
        line: 'Alexanderplatz 1',
        location: { lat: 52.521, lng: 13.413 },
        notes: 'Ring twice\nthird floor',
      })
    ).body.address as Address;

    const list = await owner!.client.get('/api/v1/me/addresses');
    expect(list.body.items.map((a: Address) => a.label)).toEqual(['Work', 'Home']);

    const changed = await owner!.client.patch(`/api/v1/me/addresses/${address.id}`, { label: 'Flat', notes: 'Gate 3' });
    expect(changed.status).toBe(200);
    expect(changed.body.address).toMatchObject({ id: address.id, label: 'Flat', line: home.line, notes: 'Gate 3' });
    const cleared = await owner!.client.patch(`/api/v1/me/addresses/${address.id}`, { notes: null });
    expect(cleared.body.address.notes).toBeNull();

    expect((await owner!.client.delete(`/api/v1/me/addresses/${work.id}`)).status).toBe(204);
    expect((await owner!.client.get('/api/v1/me/addresses')).body.items.map((a: Address) => a.id)).toEqual([
      address.id,
    ]);
    expectError(await owner!.client.delete(`/api/v1/me/addresses/${work.id}`), 404, 'not_found');
  });

  it("is the owner's only: anyone else gets 404 and changes nothing", async () => {
    const mine = (await owner!.client.post('/api/v1/me/addresses', { ...home, label: 'Private' })).body
      .address as Address;
    expectError(await stranger!.client.patch(`/api/v1/me/addresses/${mine.id}`, { label: 'Stolen' }), 404, 'not_found');
    expectError(await stranger!.client.delete(`/api/v1/me/addresses/${mine.id}`), 404, 'not_found');
    expect((await stranger!.client.get('/api/v1/me/addresses')).body.items).toEqual([]);
    const still = (await owner!.client.get('/api/v1/me/addresses')).body.items.find((a: Address) => a.id === mine.id);
    expect(still).toEqual(mine);

    // Customers only; signed in only.
    expectError(await partner.client.get('/api/v1/me/addresses'), 403, 'forbidden');
    expectError(await admin.client.post('/api/v1/me/addresses', home), 403, 'forbidden');
    expectError(await admin.client.patch(`/api/v1/me/addresses/${mine.id}`, { label: 'x' }), 403, 'forbidden');
    expect((await node.client().get('/api/v1/me/addresses')).status).toBe(401);
  });

  it('validates: location on the globe, no unknown fields, something to change', async () => {
    const bad = await owner!.client.post('/api/v1/me/addresses', { ...home, location: { lat: 100, lng: 0 } });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body.location.lat']);
    expectError(
      await owner!.client.post('/api/v1/me/addresses', { ...home, userId: stranger!.user.id }),
      400,
      'validation_failed',
    );
    const [any] = (await owner!.client.get('/api/v1/me/addresses')).body.items as Address[];
    expectError(await owner!.client.patch(`/api/v1/me/addresses/${any!.id}`, {}), 400, 'validation_failed');
  });

  it(`keeps at most ${MAX_SAVED_ADDRESSES}, also when many are saved at once`, async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        collector!.client.post('/api/v1/me/addresses', { ...home, label: `Place ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(MAX_SAVED_ADDRESSES);
    for (const r of results.filter((r) => r.status !== 201)) expectError(r, 409, 'too_many_addresses');
    expect((await collector!.client.get('/api/v1/me/addresses')).body.items).toHaveLength(MAX_SAVED_ADDRESSES);

    // Removing one makes room for one.
    const [newest] = (await collector!.client.get('/api/v1/me/addresses')).body.items as Address[];
    await collector!.client.delete(`/api/v1/me/addresses/${newest!.id}`);
    expect((await collector!.client.post('/api/v1/me/addresses', home)).status).toBe(201);
    expectError(await collector!.client.post('/api/v1/me/addresses', home), 409, 'too_many_addresses');
  });
});
