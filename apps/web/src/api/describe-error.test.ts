import { personNameSchema } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { checkField, describeError, fieldErrors } from './describe-error';

const refusal = (fields: { path: string; message: string }[]) =>
  new ApiError(400, 'validation_failed', `${fields[0]?.path}: ${fields[0]?.message}`, { fields });

describe('plain messages', () => {
  it('never shows a validator’s words', () => {
    const error = refusal([{ path: 'body.name', message: 'Too big: expected string to have <=200 characters' }]);
    expect(fieldErrors(error)).toEqual({ name: 'Your name can be at most 200 characters.' });
    expect(describeError(error)).toBe('Your name can be at most 200 characters.');
    expect(describeError(new ApiError(418, 'teapot' as never, 'body.x: raw developer text'))).not.toMatch(/body\./);
    expect(describeError(new ApiError(500, 'internal_error', 'stack at line 3'))).toMatch(/trouble/);
  });

  it('says a name is too long, not that it is missing', () => {
    expect(checkField('name', personNameSchema, 'x'.repeat(101))).toBe('Your name can be at most 100 characters.');
    expect(checkField('name', personNameSchema, '')).toBe('Enter your name.');
    expect(checkField('name', personNameSchema, 'Zoë')).toBeUndefined();
  });

  it('explains the minimum order with the amount missing', () => {
    const error = new ApiError(422, 'below_minimum_order' as never, 'x', { minOrderCents: 1000, itemsCents: 790 });
    expect(describeError(error)).toMatch(/Add €2\.10 more/);
  });
});
