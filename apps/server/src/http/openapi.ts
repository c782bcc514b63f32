import { errorResponseSchema } from '@swyft/contract';

/** The error statuses a route documents, every one in the one error shape. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorResponseSchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponseSchema]));
}
