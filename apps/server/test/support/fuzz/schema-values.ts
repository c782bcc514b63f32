import fc from 'fast-check';
import { hostileValuesFor, randomId } from './hostile-values.js';
import { type JsonSchema, mainBranch, type ParamLocation, typeOf } from './openapi-operations.js';

/** Real rows of the server under test, so that generated ids and cursors reach past "not found". */
export interface Fixtures {
  ids: { order: string[]; product: string[]; user: string[] };
  /** `nextCursor`s the server gave out. */
  cursors: string[];
}

/** The ids a field of this name (or the path segment before `{id}`) most likely wants. */
function idsFor(name: string, fixtures: Fixtures): string[] {
  const kind = name.replace(/Ids?$/, '').toLowerCase();
  if (kind.startsWith('order')) return fixtures.ids.order;
  if (kind.startsWith('product')) return fixtures.ids.product;
  if (['user', 'users', 'partner', 'customer'].includes(kind)) return fixtures.ids.user;
  return [...fixtures.ids.order, ...fixtures.ids.product, ...fixtures.ids.user];
}

const lengthOk = (s: JsonSchema, text: string) =>
  text.length >= (s.minLength ?? 0) && text.length <= (s.maxLength ?? Number.POSITIVE_INFINITY);
const patternOk = (s: JsonSchema, text: string) => !s.pattern || new RegExp(s.pattern, 'u').test(text);

/** One valid value, the same every time: the base that a single hostile field is put into. */
export function exampleOf(schema: JsonSchema, name: string, fixtures: Fixtures): unknown {
  const s = mainBranch(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'string': {
      if (name === 'cursor') return fixtures.cursors[0];
      if (s.format === 'uuid') return idsFor(name, fixtures)[0] ?? randomId();
      if (s.format === 'date-time') return '2020-01-01T00:00:00.000Z';
      if (s.format === 'email' || name === 'email') return 'fuzz@example.test';
      const text = 'Fuzz text'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 100);
      return patternOk(s, text)
        ? text
        : fc.sample(fc.stringMatching(new RegExp(s.pattern!)), { seed: 1, numRuns: 1 })[0];
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, s.minimum ?? 1), s.maximum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(s.items ?? {}, name, fixtures));
    case 'object':
      return Object.fromEntries(
        (s.required ?? []).map((key) => [key, exampleOf(s.properties?.[key] ?? {}, key, fixtures)]),
      );
    default:
      return null;
  }
}

/** Any value the schema accepts (most of the time), for the random half of the fuzz. */
function validArbitrary(schema: JsonSchema, name: string, fixtures: Fixtures): fc.Arbitrary<unknown> {
  const s = mainBranch(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (typeOf(s)) {
    case 'string': {
      if (name === 'cursor' && fixtures.cursors.length > 0) return fc.constantFrom(...fixtures.cursors);
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...idsFor(name, fixtures), randomId()), fc.uuid());
      if (s.format === 'date-time')
        return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'email' || name === 'email') return fc.emailAddress();
      const maxLength = Math.min(s.maxLength ?? 60, 60);
      const minLength = Math.min(s.minLength ?? 0, maxLength);
      // A pattern (4 digits, a time zone name) is drawn from itself: random text would almost never match it,
      // and a filter that almost never passes spins.
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, 'u')).filter((text) => lengthOk(s, text));
      return fc
        .oneof(
          fc.string({ unit: 'grapheme', minLength, maxLength }),
          fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
        )
        .filter((text) => patternOk(s, text) && lengthOk(s, text));
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? -1_000_000;
      const max = s.maximum ?? 1_000_000;
      return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryOf(s.items ?? {}, name, fixtures, 'body'), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case 'object':
      return objectArbitrary(s, fixtures);
    default:
      return fc.constant(null);
  }
}

function objectArbitrary(s: JsonSchema, fixtures: Fixtures): fc.Arbitrary<unknown> {
  const properties = s.properties ?? {};
  const record = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, key, fixtures, 'body')]),
    ),
    { requiredKeys: (s.required ?? []).filter((key) => key in properties) },
  );
  const extraKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'priceCents', 'zz');
  return fc.oneof(
    { weight: 8, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc.tuple(record, extraKey, fc.jsonValue({ maxDepth: 2 })).map(([o, k, v]) => withOwnKey(o, k, v)),
    },
  );
}

/** An object with `key` as an own property, even `__proto__` (as JSON.parse would make it). */
export function withOwnKey(object: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Valid values mostly, hostile ones for this field sometimes (1 in 6). */
export function arbitraryOf(
  schema: JsonSchema,
  name: string,
  fixtures: Fixtures,
  location: ParamLocation | 'body',
): fc.Arbitrary<unknown> {
  const hostile = hostileValuesFor(schema, name, location);
  const valid = validArbitrary(schema, name, fixtures);
  if (hostile.length === 0) return valid;
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...hostile) });
}
