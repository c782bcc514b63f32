import { describe, expect, it } from 'vitest';
import { useEmptyDatabase } from '../../test/support/empty-database.js';
import { migrate, readMigrations } from '../db/migrate.js';

/**
 * Migration 100 on a database that holds first-wave data: an empty database is migrated up to the first
 * wave's last migration, filled through the old schema (products with stock, orders in every state), and then
 * migrated the rest of the way.
 */
const database = useEmptyDatabase(5);

const FIRST_WAVE_LAST = 40;

describe('migration 100: stores', () => {
  it('moves every unit of first-wave stock to the default store and gives every order that store', async () => {
    const all = readMigrations();
    await migrate(
      database(),
      all.filter((m) => m.version <= FIRST_WAVE_LAST),
    );

    // First-wave data, through the old schema.
    const { rows: users } = await database().query<{ id: string }>(
      `INSERT INTO users (email, name, role, password_hash) VALUES
         ('c@example.test', 'C', 'customer', 'x'), ('p@example.test', 'P', 'partner', 'x')
       RETURNING id`,
    );
    const [customerId, partnerId] = users.map((u) => u.id) as [string, string];
    const stockBefore = [0, 1, 7, 120, 2_000_000];
    const { rows: products } = await database().query<{ id: string; stock: number }>(
      `INSERT INTO products (name, price_cents, stock, active)
       SELECT 'Product ' || n, 100 + n, s, n % 2 = 0 FROM unnest($1::int[]) WITH ORDINALITY AS x(s, n)
       RETURNING id, stock`,
      [stockBefore],
    );
    const orders: { status: string; partner: string | null; delivered: boolean }[] = [
      { status: 'placed', partner: null, delivered: false },
      { status: 'preparing', partner: partnerId, delivered: false },
      { status: 'delivered', partner: partnerId, delivered: true },
      { status: 'cancelled', partner: null, delivered: false },
    ];
    for (const order of orders) {
      await database().query(
        `WITH o AS (
           INSERT INTO orders (customer_id, partner_id, status, total_cents, address, payment_method, payment_status,
                               delivered_at)
           VALUES ($1, $2, $3, 101, '1 Old Street', 'cash_on_delivery', 'pending', CASE WHEN $4 THEN now() END)
           RETURNING id
         )
         INSERT INTO order_items (order_id, line, product_id, name, price_cents, quantity)
         SELECT o.id, 0, $5, 'Product 1', 101, 1 FROM o`,
        [customerId, order.partner, order.status, order.delivered, products[0]!.id],
      );
    }
    const totalBefore = stockBefore.reduce((sum, s) => sum + s, 0);

    const applied = await migrate(database());
    expect(applied).toContain('100_stores');

    const { rows: stores } = await database().query(
      'SELECT id, name, delivery_area, active, min_lat FROM stores ORDER BY created_at',
    );
    expect(stores).toHaveLength(1);
    expect(stores[0]).toMatchObject({ name: 'Main store', delivery_area: null, active: true, min_lat: null });
    const storeId = stores[0].id;

    // Every unit is kept, product by product, at the default store; products no longer hold stock.
    const { rows: stock } = await database().query<{ product_id: string; store_id: string; stock: number }>(
      'SELECT product_id, store_id, stock FROM store_stock',
    );
    expect(stock).toHaveLength(products.length);
    for (const product of products) {
      expect(stock.find((row) => row.product_id === product.id)).toEqual({
        product_id: product.id,
        store_id: storeId,
        stock: product.stock,
      });
    }
    expect(stock.reduce((sum, row) => sum + row.stock, 0)).toBe(totalBefore);
    const { rows: columns } = await database().query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'products' AND column_name = 'stock'`,
    );
    expect(columns).toEqual([]);

    // Every order came from the default store; the unfinished ones carry an estimate.
    const { rows: migrated } = await database().query(
      `SELECT status, store_id, destination_lat, eta_minutes, deliver_by IS NOT NULL AS has_deadline
       FROM orders ORDER BY status`,
    );
    expect(migrated).toHaveLength(orders.length);
    for (const order of migrated) {
      expect(order.store_id).toBe(storeId);
      expect(order.destination_lat).toBeNull();
      const finished = order.status === 'delivered' || order.status === 'cancelled';
      expect(order.has_deadline).toBe(!finished);
    }

    // Stock still can not go negative.
    await expect(database().query('UPDATE store_stock SET stock = -1')).rejects.toThrow(/check constraint/);
  });
});
