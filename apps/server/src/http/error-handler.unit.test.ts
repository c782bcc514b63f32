import type { FastifyRequest } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { toAppError } from './error-handler.js';

const request = () =>
  ({ log: { error: vi.fn() } }) as unknown as FastifyRequest & { log: { error: ReturnType<typeof vi.fn> } };

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('insufficient_stock', 'Not enough', { lines: [] });
    expect(toAppError(error, request())).toBe(error);
  });

  it('turns an unexpected error into a 500 that says nothing internal, and logs the cause', () => {
    const req = request();
    const sqlError = Object.assign(new Error('syntax error at or near "SELEC" in SELECT * FROM users'), {
      code: '42601',
    });
    const result = toAppError(sqlError, req);
    expect(result.statusCode).toBe(500);
    expect(result.code).toBe('internal_error');
    expect(result.message).not.toMatch(/SELEC|users|syntax/);
    expect(result.details).toEqual({});
    expect(req.log.error).toHaveBeenCalledWith({ err: sqlError }, 'unhandled error');
  });

  it('maps a lost database to 503 unavailable with retry-after', () => {
    const result = toAppError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      request(),
    );
    expect(result.statusCode).toBe(503);
    expect(result.code).toBe('unavailable');
    expect(result.headers['retry-after']).toBe('2');
  });

  it('lists each bad field of a zod error', () => {
    const parsed = z.object({ a: z.number(), b: z.string() }).safeParse({ a: 'x', b: 1 });
    const result = toAppError(parsed.error, request());
    expect(result.code).toBe('validation_failed');
    expect((result.details.fields as { path: string }[]).map((f) => f.path)).toEqual(['a', 'b']);
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload_too_large'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'invalid_json'],
  ])('maps the framework error %s to %i %s', (code, status, appCode) => {
    const result = toAppError(Object.assign(new Error('x'), { code, statusCode: status }), request());
    expect([result.statusCode, result.code]).toEqual([status, appCode]);
  });
});
