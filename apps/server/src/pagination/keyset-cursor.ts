import { isWellFormedText } from '@swyft/contract';
import { validationFailed } from '../errors/app-error.js';

/**
 * Keyset cursors: an opaque base64url of the last row's sort key. Stable under inserts, unlike OFFSET.
 * Every list sorts by one key and the id as a tie-breaker.
 *
 * A cursor comes back from the client, so it is read strictly, not trusted: its key must be a value the
 * list itself could have written (a real PostgreSQL timestamp, a bounded text without U+0000, a safe
 * integer), its id a UUID as PostgreSQL prints it, and the whole must be exactly the text this module
 * writes. Anything else is a 400 on `query.cursor`, never a query that PostgreSQL refuses with a 500.
 */
export function encodeCursor(key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// PostgreSQL's text form of a timestamptz, e.g. 2026-11-21 23:35:01.123456+00 (or +05:30).
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?$/;

/**
 * Whether `text` is a timestamp PostgreSQL could have printed: a real calendar day (not 2021-02-30) of the
 * years 0001 to 9999, a real time of day and offset.
 */
export function isTimestampText(text: string): boolean {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 8, 9].map((group) =>
    Number(match[group] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  // Date rolls 2021-02-30 over to March 2: a day that does not round-trip does not exist.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59
  );
}

const keyIsValid = {
  timestamp: (key: unknown) => typeof key === 'string' && isTimestampText(key),
  // Product names are at most 200 characters; lower() may lengthen a few of them.
  text: (key: unknown) =>
    typeof key === 'string' && key.length <= 400 && !key.includes('\u0000') && isWellFormedText(key),
  number: (key: unknown) => typeof key === 'number' && Number.isSafeInteger(key) && key >= 0,
};
export type CursorKeyKind = keyof typeof keyIsValid;

export function decodeCursor(
  cursor: string | undefined,
  kind: CursorKeyKind,
): { key: string | number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [key, id] = value as [unknown, unknown];
      if (keyIsValid[kind](key) && typeof id === 'string' && UUID_TEXT.test(id)) {
        const decoded = { key: key as string | number, id };
        if (encodeCursor(decoded.key, decoded.id) === cursor) return decoded;
      }
    }
  } catch {
    // fall through
  }
  throw badCursor();
}

export const badCursor = () => validationFailed('query.cursor', 'is not a cursor this API gave out');

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
