import { validationFailed } from './app-error.js';

/**
 * Keyset cursors: an opaque base64url of the last row's sort key. Stable under inserts, unlike OFFSET.
 * Every list sorts by one key and the id as a tie-breaker.
 */
export function encodeCursor(key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

const keyIsValid = {
  // PostgreSQL's text form of a timestamptz, e.g. 2026-11-21 23:35:01.123456+00
  timestamp: (key: unknown) =>
    typeof key === 'string' &&
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(key) &&
    !Number.isNaN(Date.parse(key.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))),
  text: (key: unknown) => typeof key === 'string' && key.length <= 400,
  number: (key: unknown) => typeof key === 'number' && Number.isSafeInteger(key),
};
export type CursorKeyKind = keyof typeof keyIsValid;

export function decodeCursor(
  cursor: string | undefined,
  kind: CursorKeyKind,
): { key: string | number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      keyIsValid[kind](value[0]) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw validationFailed('query.cursor', 'is not a cursor this API gave out');
}

/** Given `limit + 1` rows, the page and the cursor to the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => { key: string | number; id: string },
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  const next = hasMore && last ? keyOf(last) : undefined;
  return { items: pageRows.map(toItem), nextCursor: next ? encodeCursor(next.key, next.id) : null };
}
