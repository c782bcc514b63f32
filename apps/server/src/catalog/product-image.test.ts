import { crc32 } from 'node:zlib';
import type { Product } from '@swyft/contract';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { createProduct } from '../orders/testing/order-factories.js';

const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });

/** A real picture made by sharp: a gradient-ish photo of the given size. */
function picture(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } }).composite([
    {
      input: { create: { width: Math.ceil(width / 2), height, channels: 3, background: { r: 20, g: 90, b: 200 } } },
      left: 0,
      top: 0,
    },
  ]);
}

const upload = (productId: string, body: Uint8Array | string, contentType?: string) =>
  admin.client.put(`/api/v1/products/${productId}/image`, undefined, {
    rawBody: body,
    headers: contentType ? { 'content-type': contentType } : {},
  });

async function fetchImage(url: string) {
  const res = await fetch(new URL(url, node.url));
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A PNG whose header claims `width` × `height` pixels around a 1×1 picture's data: a decompression bomb. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await picture(1, 1).png().toBuffer());
  // Signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4) ... and its CRC.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('product photos', () => {
  it.each([
    ['image/png', () => picture(1600, 900).png().toBuffer()],
    ['image/jpeg', () => picture(1200, 1200).jpeg().toBuffer()],
    ['image/webp', () => picture(640, 480).webp().toBuffer()],
  ] as const)('takes a %s, re-encodes it as WebP at most 800 px wide and serves it for ever', async (type, make) => {
    const product = await createProduct(admin.client);
    expect(product.imageUrl).toBeNull();
    const original = await make();
    const res = await upload(product.id, original, type);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const updated: Product = res.body.product;
    expect(updated.imageUrl).toMatch(new RegExp(`^/api/v1/images/${product.id}-[0-9a-f]{16}\\.webp$`));

    const { res: served, bytes } = await fetchImage(updated.imageUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(bytes.equals(original)).toBe(false);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('webp');
    const { width: originalWidth, height: originalHeight } = await sharp(original).metadata();
    expect(meta.width).toBe(Math.min(originalWidth!, 800));
    expect(meta.height).toBe(Math.round((originalHeight! * meta.width!) / originalWidth!));

    // Anyone sees it in the catalog; the event says what changed.
    const listed = await customer.client.get(`/api/v1/products/${product.id}`);
    expect(listed.body.product.imageUrl).toBe(updated.imageUrl);
    const { rows } = await node.db.pool.query(
      `SELECT data FROM events WHERE type = 'product.updated' AND data->'product'->>'id' = $1`,
      [product.id],
    );
    expect(rows.at(-1)?.data.changed).toEqual(['imageUrl']);
  });

  it('gives a new photo a new URL; the old one is gone', async () => {
    const product = await createProduct(admin.client);
    const first = (await upload(product.id, await picture(100, 100).png().toBuffer(), 'image/png')).body.product;
    const second = (await upload(product.id, await picture(300, 100).png().toBuffer(), 'image/png')).body.product;
    expect(second.imageUrl).not.toBe(first.imageUrl);
    expect((await fetchImage(second.imageUrl)).res.status).toBe(200);
    expect((await fetchImage(first.imageUrl)).res.status).toBe(404);
    expect((await fetchImage(`/api/v1/images/${product.id}-zz.webp`)).res.status).toBe(400);
  });

  it('refuses a file that lies about its type, or does not decode, with 400', async () => {
    const product = await createProduct(admin.client);
    const png = await picture(50, 50).png().toBuffer();
    const lying = await upload(product.id, png, 'image/jpeg');
    expect(lying.status).toBe(400);
    expect(lying.body.error.code).toBe('validation_failed');
    expect(lying.body.error.message).toMatch(/not image\/jpeg/);

    const text = await upload(product.id, 'this is not a picture at all', 'image/png');
    expect(text.status).toBe(400);
    const truncated = await upload(product.id, png.subarray(0, 40), 'image/png');
    expect(truncated.status).toBe(400);
    const empty = await upload(product.id, new Uint8Array(0), 'image/webp');
    expect(empty.status).toBe(400);
    expect((await customer.client.get(`/api/v1/products/${product.id}`)).body.product.imageUrl).toBeNull();
  });

  it('refuses a decompression bomb (a small file claiming a huge picture) with 400, without decoding it', async () => {
    const product = await createProduct(admin.client);
    const bomb = await pngClaiming(60_000, 60_000);
    expect(bomb.length).toBeLessThan(200);
    const started = Date.now();
    const res = await upload(product.id, bomb, 'image/png');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/million pixels/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses another content type with 415 and a body over 5 MB with 413', async () => {
    const product = await createProduct(admin.client);
    const asJson = await admin.client.put(`/api/v1/products/${product.id}/image`, { image: 'x' });
    expect(asJson.status).toBe(415);
    expect(asJson.body.error.code).toBe('unsupported_media_type');
    expect((await upload(product.id, 'GIF89a', 'image/gif')).status).toBe(415);
    expect((await upload(product.id, 'x', 'text/plain')).status).toBe(415);

    const big = await upload(product.id, Buffer.alloc(6 * 1024 * 1024, 1), 'image/png');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large', message: 'Request body is larger than 5 MB' });
    // Elsewhere the limit is still 1 MB, and JSON routes still refuse images.
    const jsonRoute = await admin.client.post('/api/v1/products', undefined, {
      rawBody: Buffer.alloc(10),
      headers: { 'content-type': 'image/png' },
    });
    expect(jsonRoute.status).toBe(415);
  });

  it('lets only admins upload', async () => {
    const product = await createProduct(admin.client);
    const png = await picture(20, 20).png().toBuffer();
    const res = await customer.client.put(`/api/v1/products/${product.id}/image`, undefined, {
      rawBody: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(res.status).toBe(403);
    expect((await upload(crypto.randomUUID(), png, 'image/png')).status).toBe(404);
  });
});
