import type { Product } from '../../api/types';
import { parseStock } from '../money-input';

/** The contract's `MAX_STOCK_ITEMS`: one `PUT /stores/:id/stock` sets at most this many products. */
export const MAX_STOCK_ITEMS = 500;
/** The contract's `MAX_STOCK`. */
export const MAX_STOCK = 1_000_000;

export interface StockChanges {
  /** What `PUT /stores/:id/stock` gets: the rows whose typed level differs from the store's. */
  items: { productId: string; stock: number }[];
  /** Rows whose text is not a stock level (a whole number from 0 to 1,000,000). */
  invalid: string[];
}

/**
 * The bulk stock form's edits: `drafts` holds the text typed per product (absent: untouched). A draft equal
 * to the current level is no change; an unreadable one blocks the save and is named.
 */
export function stockChanges(
  products: readonly Pick<Product, 'id' | 'stock'>[],
  drafts: Record<string, string>,
): StockChanges {
  const items: StockChanges['items'] = [];
  const invalid: string[] = [];
  for (const product of products) {
    const draft = drafts[product.id];
    if (draft === undefined) continue;
    const stock = parseStock(draft);
    if (stock === null || stock > MAX_STOCK) invalid.push(product.id);
    else if (stock !== product.stock) items.push({ productId: product.id, stock });
  }
  return { items, invalid };
}

/** The row a refusal's `items.<n>.…` path names, among the items that were sent. */
export function rowOfPath(path: string, sent: readonly { productId: string }[]): string | undefined {
  const match = /^(?:body\.)?items\.(\d+)/.exec(path);
  return match ? sent[Number(match[1])]?.productId : undefined;
}
