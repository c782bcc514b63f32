import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { type CursorKeyKind, decodeCursor, encodeCursor, isTimestampText } from './keyset-cursor.js';

const ID = '7d444840-9dc0-41b4-a9f2-4f1a4d2a35c1';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string, kind: CursorKeyKind): unknown {
  try {
    decodeCursor(cursor, kind);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decodeCursor', () => {
  it.each([
    ['timestamp', '2026-11-21 23:35:01.123456+00'],
    ['timestamp', '2024-02-29 00:00:00+05:30'],
    ['timestamp', '0001-01-01 00:00:00+00'],
    ['text', 'crème fraîche 🧀'],
    ['number', 0],
    ['number', 2 ** 53 - 1],
  ] as const)('reads back a %s key it wrote: %s', (kind, key) => {
    expect(decodeCursor(encodeCursor(key, ID), kind)).toEqual({ key, id: ID });
  });

  it.each([
    ['an impossible day', 'timestamp', ['2021-02-30 00:00:00+00', ID]],
    ['year 0', 'timestamp', ['0000-01-01 00:00:00+00', ID]],
    ['an impossible hour', 'timestamp', ['2021-01-01 24:00:00+00', ID]],
    ['an impossible offset', 'timestamp', ['2021-01-01 00:00:00+99', ID]],
    ['seven fraction digits', 'timestamp', ['2021-01-01 00:00:00.1234567+00', ID]],
    ['an ISO time (not what PostgreSQL prints)', 'timestamp', ['2021-01-01T00:00:00Z', ID]],
    ['U+0000 in a text key', 'text', ['a\u0000b', ID]],
    ['a lone surrogate in a text key', 'text', ['\ud800', ID]],
    ['a text key over 400 characters', 'text', ['x'.repeat(401), ID]],
    ['a number where text goes', 'text', [1, ID]],
    ['a negative seq', 'number', [-1, ID]],
    ['an unsafe integer', 'number', [2 ** 53, ID]],
    ['a fraction', 'number', [1.5, ID]],
    ['36 zeros for an id', 'timestamp', ['2021-01-01 00:00:00+00', '0'.repeat(36)]],
    ['36 dashes for an id', 'timestamp', ['2021-01-01 00:00:00+00', '-'.repeat(36)]],
    ['an upper-case id', 'timestamp', ['2021-01-01 00:00:00+00', ID.toUpperCase()]],
    ['a third element', 'number', [1, ID, 'x']],
    ['an object', 'number', { seq: 1 }],
  ] as const)('refuses %s', (_, kind, value) => {
    const error = refusal(cursorOf(value), kind);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_failed', details: { fields: [{ path: 'query.cursor' }] } });
  });

  it('refuses a cursor that decodes right but is not the text it would write (padding, other spacing)', () => {
    const cursor = encodeCursor(5, ID);
    expect(refusal(`${cursor}==`, 'number')).toBeInstanceOf(AppError);
    expect(refusal(Buffer.from(`[5, "${ID}"]`).toString('base64url'), 'number')).toBeInstanceOf(AppError);
    expect(refusal('not base64 at all', 'number')).toBeInstanceOf(AppError);
  });
});

describe('isTimestampText', () => {
  it.each([
    ['2024-02-29 12:00:00+00', true],
    ['2023-02-29 12:00:00+00', false],
    ['2021-04-31 00:00:00+00', false],
    ['9999-12-31 23:59:59.999999+00', true],
    ['2021-01-01 00:60:00+00', false],
    ['2021-01-01 00:00:00-03:30', true],
  ])('%s → %s', (text, expected) => {
    expect(isTimestampText(text)).toBe(expected);
  });
});
