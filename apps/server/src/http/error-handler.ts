import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ErrorCode, ErrorResponse, FieldIssue } from '@swyft/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError } from '../errors/app-error.js';
import { ReplayedRefusal } from '../idempotency/run-idempotently.js';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency.js';
import { discardRestOfBody } from './unread-body.js';

/** Fastify's own error codes, mapped into the one error shape. */
const frameworkErrors: Record<string, { code: ErrorCode; message: string }> = {
  // From the router, before any route or hook (Fastify's `frameworkErrors` option hands them here).
  FST_ERR_BAD_URL: { code: 'validation_failed', message: 'The URL path is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'validation_failed', message: 'A segment of the URL path is too long' },
  // The web app's files: a path no file may have (a dotfile, a name too long) is simply not there.
  FST_STATIC_FORBIDDEN_PATH: { code: 'not_found', message: 'Not found' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'Request body is larger than 1 MB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send JSON with content-type: application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'validation_failed', message: 'Invalid content-length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'Request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'Request body is not valid JSON' },
};

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  // A refusal replayed for an Idempotency-Key is the first answer again, with the first request's id.
  const replayed = error instanceof ReplayedRefusal;
  const requestId = replayed ? error.firstCorrelationId : String(reply.request.id);
  const body: ErrorResponse = {
    error: { code: error.code, message: error.message, details: error.details, requestId },
  };
  if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return reply.code(error.statusCode).headers(error.headers).type('application/json').send(body);
}

/** Turns anything thrown into the one error shape. Only AppError and known framework errors say why. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const fields: FieldIssue[] = error.validation.map((issue) => ({
      path: [context, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'is invalid',
    }));
    return new AppError('validation_failed', describeFields(fields), { fields });
  }
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new AppError('validation_failed', describeFields(fields), { fields });
  }
  const fastifyError = error as FastifyError;
  const known = fastifyError.code ? frameworkErrors[fastifyError.code] : undefined;
  if (known?.code === 'payload_too_large') {
    // The route's own limit (an image upload takes 5 MB), else the app's.
    const limit = request.routeOptions?.bodyLimit ?? 1024 * 1024;
    return new AppError(known.code, `Request body is larger than ${Math.round(limit / (1024 * 1024))} MB`);
  }
  if (known) return new AppError(known.code, known.message);
  if (fastifyError instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new AppError('invalid_json', 'Request body is not valid JSON');
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'dependency unavailable');
    return new AppError(
      'unavailable',
      'The service is temporarily unavailable; try again shortly',
      {},
      { 'retry-after': '2' },
    );
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Another framework-level client error (bad URL encoding, unsupported method, ...).
    const code: ErrorCode = fastifyError.statusCode === 404 ? 'not_found' : 'validation_failed';
    return new AppError(code, fastifyError.statusCode === 404 ? 'Not found' : 'The request is malformed');
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('internal_error', 'Something went wrong on our side; it has been logged');
}

function describeFields(fields: FieldIssue[]): string {
  const first = fields[0];
  if (!first) return 'The request is invalid';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return `${first.path || 'input'}: ${first.message}${more}`;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error, request);
    // An error met before the body arrived in full (413, a refused caller): read the rest first, so a client
    // still sending hears the answer instead of a reset. A body past the bound is cut after the answer.
    if (!(await discardRestOfBody(request.raw))) reply.header('connection', 'close');
    return sendError(reply, appError);
  });
}

/** For Fastify's `frameworkErrors` option: the router's refusals (bad URL encoding), before any hook ran. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(reply.header('x-request-id', request.id), toAppError(error, request));
}

/**
 * For Fastify's `clientErrorHandler` option: a request Node's HTTP parser refuses (a malformed request line
 * or header, headers over 16 KB, one that took too long to arrive) never becomes a request, but its
 * answer is still in the one shape.
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  this.log.debug({ err: error, reqId: requestId }, 'client error');
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request headers are larger than 16 KB'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'The request took too long to arrive'
        : 'The request is not valid HTTP/1.1';
  const body: ErrorResponse = { error: { code: 'validation_failed', message, details: {}, requestId } };
  const text = JSON.stringify(body);
  if (!socket.writable) return void socket.destroy();
  const head = `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}`;
  // Closed once the answer is flushed, not before (a destroyed socket may drop what it was writing).
  socket.end(`${head}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${text}`, () => socket.destroy());
}
