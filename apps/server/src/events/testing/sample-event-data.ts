import { randomUUID } from 'node:crypto';
import type { EventData } from '@swyft/contract';

/** `data` of a `user.*` event about a made-up account, for tests that append events of their own. */
export function sampleUserData(name = 'Sample User'): EventData<'user.registered'> {
  const id = randomUUID();
  return {
    user: {
      id,
      name,
      email: `${id}@example.test`,
      role: 'customer',
      disabled: false,
      createdAt: new Date().toISOString(),
    },
  };
}

/** `data` of a `product.created` event about a made-up product. */
export function sampleProductData(name = 'Sample product'): EventData<'product.created'> {
  const at = new Date().toISOString();
  return {
    product: {
      id: randomUUID(),
      name,
      description: '',
      priceCents: 100,
      stock: 1,
      active: true,
      category: null,
      imageUrl: null,
      createdAt: at,
      updatedAt: at,
    },
  };
}
