import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contract from './index.js';
import { isoDateTimeSchema, textSchema } from './index.js';

describe('textSchema (API.md, Conventions: text)', () => {
  const oneLine = textSchema();
  const free = textSchema({ multiline: true });

  it.each([
    ['U+0000', 'a\u0000b'],
    ['a bell', '\u0007'],
    ['an escape', '\u001b[2J'],
    ['a carriage return', 'a\rb'],
    ['DEL', '\u007f'],
    ['a C1 control', 'a\u0085'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'x\udfff'],
    ['a reversed pair', '\udc00\ud800'],
  ])('refuses %s in any text', (_, text) => {
    expect(oneLine.safeParse(text).success).toBe(false);
    expect(free.safeParse(text).success).toBe(false);
  });

  it('takes tab and line feed in free text only', () => {
    expect(free.parse('Flat 2\n1 Main Street\tback door')).toBe('Flat 2\n1 Main Street\tback door');
    expect(oneLine.safeParse('Ann\nBob').success).toBe(false);
    expect(oneLine.safeParse('Ann\tBob').success).toBe(false);
  });

  it('takes any other Unicode, astral characters and bidi marks included', () => {
    for (const text of ['Zoë Ünal', '東京都', '💥 crème brûlée', '\u202eevil', "O'Brien; DROP TABLE"]) {
      expect(oneLine.parse(text)).toBe(text);
    }
  });

  it('documents a pattern that reads the same without the u flag (as Swagger UI compiles it)', () => {
    for (const schema of [oneLine, free]) {
      const pattern = new RegExp((z.toJSONSchema(schema) as { pattern: string }).pattern);
      expect(pattern.test('Zoë Ünal 💥 東京都')).toBe(true);
      expect(pattern.test('a\u0000b')).toBe(false);
    }
  });

  it('says which rule failed', () => {
    expect(oneLine.safeParse('a\u0000').error?.issues[0]?.message).toMatch(/control characters/);
    expect(oneLine.safeParse('a\ud800').error?.issues[0]?.message).toMatch(/lone surrogate/);
  });
});

describe('isoDateTimeSchema', () => {
  it.each([
    '2021-02-30T00:00:00Z',
    '2022-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '10000-01-01T00:00:00Z',
    '2021-01-01T24:00:00Z',
  ])('refuses %s', (text) => {
    expect(isoDateTimeSchema.safeParse(text).success).toBe(false);
  });

  it.each(['0001-01-01T00:00:00Z', '2024-02-29T12:30:00.123+05:30', '9999-12-31T23:59:59.999Z'])('takes %s', (text) => {
    expect(isoDateTimeSchema.parse(text)).toBe(text);
  });
});

/** Dotted paths (arrays as `0`) of every string a schema's input may hold. */
function stringFields(schema: any, at: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [
    ...(schema.type === 'string' || schema.enum ? [at.join('.')] : []),
    ...Object.entries(schema.properties ?? {}).flatMap(([key, value]) => stringFields(value, [...at, key])),
    ...(schema.items ? stringFields(schema.items, [...at, '0']) : []),
    ...branches.flatMap((branch) => stringFields(branch, at)),
  ];
}

function withValueAt(path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  return /^\d+$/.test(key) ? [withValueAt(rest, value)] : { [key]: withValueAt(rest, value) };
}

describe('every request schema of the contract', () => {
  // Requests are what the server validates: bodies, queries, path params, headers, the socket handshake.
  const requestSchemas = Object.entries(contract as Record<string, unknown>).filter(
    (entry): entry is [string, z.ZodType] =>
      /(Body|Query|Params|Headers|Auth)Schema$/.test(entry[0]) && entry[1] instanceof z.ZodType,
  );

  it('finds the request schemas', () => {
    expect(requestSchemas.length).toBeGreaterThanOrEqual(15);
  });

  it.each(requestSchemas)(
    '%s refuses U+0000, a control character and a lone surrogate in each string field',
    (_, schema) => {
      const fields = stringFields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
      for (const field of fields) {
        for (const bad of ['a\u0000b', 'a\u0007', '\ud800']) {
          const result = schema.safeParse(withValueAt(field.split('.').filter(Boolean), bad));
          const issuePaths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
          expect(issuePaths, `${field} = ${JSON.stringify(bad)}`).toContain(field);
        }
      }
    },
  );
});
