import type { Queryable } from '../db/pool.js';

export interface NewProduct {
  name: string;
  description: string;
  priceCents: number;
  stock: number;
}

export async function insertProducts(db: Queryable, products: NewProduct[]): Promise<void> {
  if (products.length === 0) return;
  await db.query(
    `INSERT INTO products (name, description, price_cents, stock)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])`,
    [
      products.map((p) => p.name),
      products.map((p) => p.description),
      products.map((p) => p.priceCents),
      products.map((p) => p.stock),
    ],
  );
}
