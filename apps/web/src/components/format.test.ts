import { describe, expect, it } from 'vitest';
import { initialsOf } from './format';

describe('initialsOf', () => {
  it('takes whole graphemes from words that start with a letter', () => {
    expect(initialsOf('🍕 Zoë')).toBe('Z');
    expect(initialsOf('Zoe\u0308 A\u030angstro\u0308m')).toBe('ZÅ');
    expect(initialsOf('chloe customer')).toBe('CC');
    expect(initialsOf('Ana Maria Lopez')).toBe('AM');
    expect(initialsOf('🍕🍕')).toBe('?');
    expect(initialsOf('  ')).toBe('?');
    expect(initialsOf('\u{1D400}x')).toBe('\u{1D400}');
  });
});
