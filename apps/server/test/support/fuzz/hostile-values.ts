import { randomUUID } from 'node:crypto';
import type { JsonSchema, ParamLocation } from './openapi-operations.js';
import { mainBranch, typeOf } from './openapi-operations.js';

/** Text sent exactly as written: a path segment or query value not percent-encoded again, or raw JSON. */
export class Raw {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `\u0000raw:${this.text}`;
  }
}

export const TEN_KB = 'x'.repeat(10 * 1024);

/** Strings no field may hold (API.md, Conventions: text), and strings that test the parsers around them. */
export const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\u0007',
  '\u001b[2J',
  'a\rb',
  '\u007f',
  '\u0085',
  TEN_KB,
  '',
  '   ',
  "'; DROP TABLE users;--",
  '💥💥',
  '\u202eevil',
  '%00',
];

export const HOSTILE_DATES = [
  '2021-02-30T00:00:00Z',
  '2021-02-29T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-23:59',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2021-13-01T00:00:00Z',
  '2021-01-01T24:00:00Z',
  '2021-01-01T00:00:60Z',
  '2021-01-01T00:00:00.1234567891234Z',
  '2021-01-01',
  '1970-01-01T00:00:00+99:99',
];

const SOME_UUID = '7d444840-9dc0-41b4-a9f2-4f1a4d2a35c1';

export const HOSTILE_IDS = [
  'not-a-uuid',
  '0'.repeat(36),
  '-'.repeat(36),
  `${SOME_UUID}\u0000`,
  SOME_UUID.toUpperCase(),
  `{${SOME_UUID}}`,
  SOME_UUID.replace(/-/g, ''),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `${SOME_UUID} `,
];

const cursorOf = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Cursors this API never gave out, in each shape its lists use (a sort key and an id, or a seq). */
export const FORGED_CURSORS = [
  cursorOf(['2021-02-30 00:00:00+00', SOME_UUID]),
  cursorOf(['0000-01-01 00:00:00+00', SOME_UUID]),
  cursorOf(['2021-01-01 25:61:00+00', SOME_UUID]),
  cursorOf(['2021-01-01 00:00:00+99', SOME_UUID]),
  cursorOf(['2021-01-01 00:00:00.1234567+00', SOME_UUID]),
  cursorOf(['2021-01-01 00:00:00+00', '0'.repeat(36)]),
  cursorOf(['2021-01-01 00:00:00+00', '-'.repeat(36)]),
  cursorOf(['2021-01-01 00:00:00+00', 'g'.repeat(36)]),
  cursorOf(['1 2021-02-30 00:00:00+00', SOME_UUID]),
  cursorOf(['1 0000-01-01 00:00:00+00', SOME_UUID]),
  cursorOf(['0 2021-01-01 00:00:00+00', '-'.repeat(36)]),
  cursorOf(['a\u0000b', SOME_UUID]),
  cursorOf(['\ud800', SOME_UUID]),
  cursorOf(['x'.repeat(400), SOME_UUID]),
  cursorOf([1e300, SOME_UUID]),
  cursorOf([-1, SOME_UUID]),
  cursorOf([1.5, SOME_UUID]),
  cursorOf([2 ** 53, SOME_UUID]),
  cursorOf({ seq: -1 }),
  cursorOf({ seq: 1e300 }),
  cursorOf({ seq: '1' }),
  cursorOf({ seq: 2 ** 63 }),
  cursorOf([null, SOME_UUID]),
  cursorOf([]),
  cursorOf('null'),
  cursorOf('not json'),
  'not base64!',
  '%00',
];

/** Path segments a client may send for an id, already percent-encoded (or deliberately badly). */
export const HOSTILE_PATH_SEGMENTS = [
  '%ZZ',
  '%',
  '%00',
  '%ED%A0%80',
  '%C0%AF',
  'a'.repeat(250),
  'a'.repeat(5000),
  '%2e%2e',
  '%2F',
  '%20',
  'null',
  '0',
].map((text) => new Raw(text));

const WRONG_JSON_TYPES: unknown[] = [0, 1.5, true, null, [], { nested: '\u0000' }];
/** For strings whose format already refuses most text: the few that reach deepest. */
const HOSTILE_TEXT_SHORT = ['\u0000', '\ud800', TEN_KB, ''];

function numbersAround(schema: JsonSchema): number[] {
  const values = [0, -1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -1e308];
  for (const bound of [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum]) {
    if (bound !== undefined) values.push(bound, bound - 1, bound + 1, bound + 0.5);
  }
  return [...new Set(values)];
}

/**
 * Values a field of this schema should refuse or survive, for where it travels: JSON values (possibly
 * raw JSON text) in a body, strings in a query or header, percent-encoded segments in a path.
 */
export function hostileValuesFor(schema: JsonSchema, name: string, location: ParamLocation | 'body'): unknown[] {
  const s = mainBranch(schema);
  const type = typeOf(schema);
  const inBody = location === 'body';
  const values: unknown[] = [];
  if (name === 'cursor') values.push(...FORGED_CURSORS);
  if (s.format === 'date-time') values.push(...HOSTILE_DATES);
  if (s.format === 'uuid') values.push(...HOSTILE_IDS);
  if (s.enum) values.push(String(s.enum[0]).toUpperCase(), `${String(s.enum[0])}\u0000`, 'none-of-these');
  if (type === 'integer' || type === 'number') {
    const numbers = numbersAround(s);
    if (inBody) values.push(...numbers, new Raw('1e309'), new Raw('-1e309'), new Raw('1e-400'), '1');
    else values.push(...numbers.map(String), 'NaN', 'Infinity', '1e3', '0x1F', ' 7 ', '+1', '1_000', '١٢');
  }
  if (type === 'boolean') values.push(...(inBody ? ['true', 1, 0] : ['TRUE', '1', 'yes', 'true\u0000']));
  if (type === 'string') values.push(...(s.format || s.enum || name === 'cursor' ? HOSTILE_TEXT_SHORT : HOSTILE_TEXT));
  if (type === 'array') values.push([], 'x', [null], [[]]);
  if (type === 'object') {
    values.push(
      new Raw('{"__proto__":{"role":"admin"}}'),
      new Raw('{"constructor":{"prototype":{"role":"admin"}}}'),
      'x',
    );
  }
  if (inBody) values.push(...WRONG_JSON_TYPES);
  else values.push('', TEN_KB, ['1', '2'], '__proto__');
  if (location === 'path') values.push(...HOSTILE_PATH_SEGMENTS);
  if (location === 'header') return values.filter((v) => typeof v === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(v));
  return values;
}

/** Whole bodies that are not the JSON object an operation expects, with the content type they come as. */
export const HOSTILE_BODIES: { text: string | Uint8Array; type: string }[] = [
  ...['{"a":', '[]', 'null', '"x"', '0', '', '\ufeff{}', '{"__proto__":{"role":"admin"}}'].map((text) => ({
    text,
    type: 'application/json',
  })),
  { text: '{"constructor":{"prototype":{"role":"admin"}}}', type: 'application/json' },
  { text: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' },
  { text: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), type: 'application/json' },
  { text: '{}', type: 'text/plain' },
  { text: 'a=1', type: 'application/x-www-form-urlencoded' },
  { text: '<x/>', type: 'text/xml' },
  { text: '{}', type: 'application/json; charset=utf-16' },
  { text: '{}', type: 'application/merge-patch+json' },
  { text: '--x--', type: 'multipart/form-data; boundary=x' },
];

/** JSON text of a value, with `Raw` parts written as they are (numbers JSON.stringify cannot write). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:((?:[^"\\]|\\.)*)"/g, (_, raw: string) => JSON.parse(`"${raw}"`));
}

/**
 * Percent-encodes text for a URL; a lone surrogate, which UTF-8 cannot carry, goes as its WTF-8 bytes
 * (what a careless client would send).
 */
export function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

export const randomId = (): string => randomUUID();
