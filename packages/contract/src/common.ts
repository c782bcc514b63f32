import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const idSchema = z.uuid();

/** The instants both PostgreSQL and JavaScript read the same way: years 0001 to 9999 (UTC). */
export const EARLIEST_INSTANT = '0001-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
const instantInRange = (text: string) => {
  const time = Date.parse(text);
  return time >= Date.parse(EARLIEST_INSTANT) && time <= Date.parse(LATEST_INSTANT);
};

/** An ISO-8601 time with its offset, on a real calendar day (no 2021-02-30), between years 0001 and 9999. */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine(instantInRange, `must be between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}`);

/**
 * Text (API.md, Conventions): Unicode without control characters. PostgreSQL cannot store U+0000 and a
 * lone surrogate has no UTF-8 form (nor a place in jsonb), so both are refused here, at the edge, with a
 * 400 naming the field, instead of failing deep inside as a 500. Free text (an address, a description)
 * may hold tabs and line feeds; one-line text (a name, a search) may not. Every string a request carries
 * is this text, or something stricter (an id, an enum, an email, a date, a cursor).
 */
// The control characters (Unicode's Cc): C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F). Written as
// ranges, not \p{Cc}, because these patterns go into the OpenAPI document, and readers of it (Swagger UI's
// try-it-out among them) compile a pattern without the u flag.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is this pattern's purpose
const ONE_LINE_TEXT = /^[^\x00-\x1f\x7f-\x9f]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above; tab (U+0009) and line feed (U+000A) pass
const FREE_TEXT = /^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$/;
// What String.prototype.isWellFormed (ES2024, not in Node 20's type library) answers: no lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

export function textSchema(options: { multiline?: boolean; trim?: boolean } = {}) {
  const { multiline = false, trim = true } = options;
  const text = z
    .string()
    .regex(
      multiline ? FREE_TEXT : ONE_LINE_TEXT,
      multiline
        ? 'must not contain control characters (tab and line feed are fine)'
        : 'must not contain control characters or line breaks',
    )
    .refine(isWellFormedText, 'must be well-formed Unicode (it holds a lone surrogate)');
  return trim ? text.trim() : text;
}

/** `nextCursor` as the server gives it out: base64url. What it holds is checked where it is read. */
export const cursorSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API gave out');

/** `?limit=&cursor=`: limit defaults to 20 and is capped at 100 (a larger value is clamped, not refused). */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE)),
  cursor: cursorSchema.optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A query-string boolean: only the words `true` and `false` are accepted. */
export const queryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');
