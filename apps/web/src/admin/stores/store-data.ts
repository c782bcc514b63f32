import { ApiError } from '../../api/client';
import { describeError } from '../../api/describe-error';
import { api } from '../../api/swyft-api';
import type { Product, Store } from '../../api/types';

/** Every store, active or not (`GET /stores?all=true`), walking the pages. */
export async function loadAllStores(): Promise<Store[]> {
  const stores: Store[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.stores.list({ all: 'true', limit: 100, ...(cursor ? { cursor } : {}) });
    stores.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return stores;
}

/** Every product, active or not, with `stock` at that store (`GET /products?all=true&storeId=`). */
export async function loadAllProducts(storeId: string, signal?: AbortSignal): Promise<Product[]> {
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    if (signal?.aborted) throw signal.reason;
    const page = await api.products.list({ all: 'true', storeId, limit: 100, ...(cursor ? { cursor } : {}) });
    products.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return products;
}

/** How the API's field paths read to a person. */
const FIELD_NAMES: [RegExp, string][] = [
  [/^name/, 'Name'],
  [/^address/, 'Address'],
  [/^prepMinutes/, 'Preparation time'],
  [/^location/, 'Location'],
  [/^deliveryArea/, 'Delivery area'],
  [/^active/, 'Active'],
  [/^items\.(\d+)/, 'Row'],
];

export interface Refusal {
  /** One sentence for the whole refusal. */
  summary: string;
  /** Each field the server named, with its problem in its words (`deliveryArea` → "Delivery area: …"). */
  fields: { path: string; field: string; message: string }[];
}

/**
 * A refusal in plain words: a 400 `validation_failed` lists each field and its problem (a self-intersecting
 * area, a ring that is not closed, too many points); anything else is the usual sentence.
 */
export function describeRefusal(error: unknown, what: string): Refusal {
  if (error instanceof ApiError && error.code === 'validation_failed') {
    const raw = Array.isArray(error.details.fields)
      ? (error.details.fields as { path?: unknown; message?: unknown }[])
      : [];
    const fields = raw
      .filter(
        (f): f is { path: string; message: string } => typeof f.path === 'string' && typeof f.message === 'string',
      )
      .map(({ path, message }) => {
        const bare = path.replace(/^(body|query|params)\.?/, '');
        const named = FIELD_NAMES.find(([pattern]) => pattern.test(bare));
        return { path: bare, field: named?.[1] ?? (bare || 'Form'), message };
      });
    return { summary: `The server did not accept ${what}.`, fields };
  }
  if (error instanceof ApiError && error.status === 400 && error.message) {
    const onArea = /area|ring|polygon|intersect/i.test(error.message);
    return {
      summary: `The server did not accept ${what}.`,
      fields: [
        { path: onArea ? 'deliveryArea' : '', field: onArea ? 'Delivery area' : 'Problem', message: error.message },
      ],
    };
  }
  return { summary: describeError(error), fields: [] };
}
