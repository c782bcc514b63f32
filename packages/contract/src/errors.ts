import { z } from 'zod';

/**
 * Every error code a client may branch on, with its HTTP status. The server's error handler and the web
 * client both read this one map, so a code never answers with two statuses.
 */
export const errorStatusByCode = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  account_disabled: 403,
  not_found: 404,
  email_taken: 409,
  insufficient_stock: 409,
  invalid_transition: 409,
  already_assigned: 409,
  idempotency_in_flight: 409,
  too_many_addresses: 409,
  not_delivered: 409,
  already_rated: 409,
  conflict: 409,
  handover_locked: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  outside_delivery_area: 422,
  location_required: 422,
  below_minimum_order: 422,
  handover_code_required: 422,
  handover_code_invalid: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatusByCode;

export const errorCodeSchema = z.enum(Object.keys(errorStatusByCode) as [ErrorCode, ...ErrorCode[]]);

export const fieldIssueSchema = z.object({
  path: z.string().describe('Dotted path of the offending field, empty for the whole input'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
