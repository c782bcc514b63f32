import { errorStatusByCode } from '@swyft/contract';
import { jsonText, percentEncode, Raw } from './hostile-values.js';
import type { Operation } from './openapi-operations.js';

export const FUZZ_ROLES = ['admin', 'customer', 'partner', 'anonymous'] as const;
export type FuzzRole = (typeof FUZZ_ROLES)[number];

/** One request of the fuzz: what an operation is sent, field by field, before it is encoded. */
export interface FuzzRequest {
  operation: Operation;
  role: FuzzRole;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  /** A JSON value, or a whole raw body with its content type; absent: no body. */
  body?: { json: unknown } | { text: string | Uint8Array; type: string };
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  requestIdHeader: string | null;
  text: string;
}

const ABSENT = undefined;

function urlPart(value: unknown): string {
  if (value instanceof Raw) return value.text;
  return percentEncode(typeof value === 'string' ? value : JSON.stringify(value));
}

export function urlOf(request: FuzzRequest): string {
  const path = request.operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => urlPart(request.path[name] ?? ''));
  const query = Object.entries(request.query)
    .filter(([, value]) => value !== ABSENT)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}=${urlPart(v)}`));
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

/** Header values an HTTP client can put on the wire (others would be refused before sending). */
const sendableHeader = (value: unknown): value is string =>
  typeof value === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

export async function sendFuzzRequest(baseUrl: string, request: FuzzRequest, token: string | undefined) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.header)) if (sendableHeader(value)) headers[name] = value;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (request.body && 'json' in request.body) {
    body = jsonText(request.body.json);
    headers['content-type'] = 'application/json';
  } else if (request.body) {
    body = request.body.text;
    headers['content-type'] = request.body.type;
  }
  const response = await fetch(baseUrl + urlOf(request), { method: request.operation.method, headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestIdHeader: response.headers.get('x-request-id'),
    text: await response.text(),
  } satisfies FuzzResponse;
}

/** What is wrong with an answer: a 5xx, or an error not in the contract's one shape and codes; else undefined. */
export function problemWith(response: FuzzResponse): string | undefined {
  if (response.status >= 500) return `answered ${response.status}: ${response.text.slice(0, 300)}`;
  if (response.status < 400) return undefined;
  let body: any;
  try {
    body = JSON.parse(response.text);
  } catch {
    return `answered ${response.status} with a body that is not JSON: ${response.text.slice(0, 200)}`;
  }
  const error = body?.error;
  const shapeOk =
    Object.keys(body).length === 1 &&
    error &&
    Object.keys(error).sort().join() === 'code,details,message,requestId' &&
    typeof error.message === 'string' &&
    typeof error.details === 'object' &&
    error.details !== null &&
    typeof error.requestId === 'string';
  if (!shapeOk || !response.contentType.startsWith('application/json')) {
    return `answered ${response.status} outside the error shape: ${response.text.slice(0, 300)}`;
  }
  const status = errorStatusByCode[error.code as keyof typeof errorStatusByCode];
  if (status !== response.status) return `answered ${response.status} with code ${error.code}, not a contract pair`;
  if (response.requestIdHeader !== error.requestId) return 'error.requestId differs from the x-request-id header';
  return undefined;
}

/** The request as one readable line for a failure message (control characters and surrogates escaped). */
export function describeFuzzRequest(request: FuzzRequest): string {
  const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
  let body = '';
  if (request.body && 'json' in request.body) body = ` body ${jsonText(request.body.json)}`;
  else if (request.body && typeof request.body.text === 'string')
    body = ` body (${request.body.type}) ${JSON.stringify(request.body.text)}`;
  else if (request.body) body = ` body (${request.body.type}) bytes ${Buffer.from(request.body.text).toString('hex')}`;
  const headers = Object.keys(request.header).length > 0 ? ` headers ${jsonText(request.header)}` : '';
  const line = `${request.operation.method} ${escaped(urlOf(request))} as ${request.role}${headers}${body}`;
  return line.length > 600 ? `${line.slice(0, 600)}… (${line.length} characters)` : line;
}
