import { expect } from 'vitest';

/** Asserts the one error shape of API.md, with this status and code. */
export function expectError(response: { status: number; body: any }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toEqual({
    error: { code, message: expect.any(String), details: expect.any(Object), requestId: expect.any(String) },
  });
}
