import fc from 'fast-check';
import { describeFuzzRequest, FUZZ_ROLES, type FuzzRequest, type FuzzRole } from './fuzz-request.js';
import { HOSTILE_BODIES, hostileValuesFor } from './hostile-values.js';
import { type JsonSchema, mainBranch, type Operation, typeOf } from './openapi-operations.js';
import { arbitraryOf, exampleOf, type Fixtures, withOwnKey } from './schema-values.js';

/** The valid request each single fault is put into: required fields only, each with its example value. */
export function baseRequest(operation: Operation, role: FuzzRole, fixtures: Fixtures): FuzzRequest {
  const request: FuzzRequest = { operation, role, path: {}, query: {}, header: {} };
  for (const param of operation.params) {
    if (param.in === 'path' || param.required) {
      request[param.in][param.name] = exampleOf(param.schema, pathName(operation, param.name), fixtures);
    }
  }
  if (operation.body) request.body = { json: exampleOf(operation.body, 'body', fixtures) };
  return request;
}

/** `{id}` of `/orders/{id}` is an order id: the segment before it names the kind. */
function pathName(operation: Operation, param: string): string {
  const segments = operation.path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return param === 'id' && at > 0 ? `${segments[at - 1]}Id` : param;
}

/** Every place of a body schema a value goes (`items.0.productId`), with its schema. */
function bodyFields(
  schema: JsonSchema,
  at: (string | number)[] = [],
): { at: (string | number)[]; schema: JsonSchema }[] {
  const s = mainBranch(schema);
  const type = typeOf(s);
  if (type === 'object') {
    return Object.entries(s.properties ?? {}).flatMap(([key, value]) => [
      { at: [...at, key], schema: value },
      ...bodyFields(value, [...at, key]).filter((field) => field.at.length > at.length + 1),
    ]);
  }
  if (type === 'array' && s.items) return bodyFields(s.items, [...at, 0]).concat({ at: [...at, 0], schema: s.items });
  return [];
}

/** A copy of `base` with `value` at `at`, creating what is missing on the way. */
function withValueAt(base: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [key, ...rest] = at as [string | number, ...(string | number)[]];
  const container: any = Array.isArray(base) ? [...base] : { ...(base as object) };
  const current = container[key] ?? (typeof rest[0] === 'number' ? [] : {});
  const next = withValueAt(current, rest, value);
  if (!Array.isArray(container)) return withOwnKey(container, String(key), next);
  container[key as number] = next;
  return container;
}

/**
 * The base request with one field at a time set to each of its hostile values: every path, query and
 * header parameter, every body field at any depth, and the whole body (bad JSON, wrong content types).
 */
export function singleFaultRequests(operation: Operation, role: FuzzRole, fixtures: Fixtures): FuzzRequest[] {
  const base = baseRequest(operation, role, fixtures);
  const requests: FuzzRequest[] = [];
  for (const param of operation.params) {
    for (const value of hostileValuesFor(param.schema, param.name, param.in)) {
      requests.push({ ...base, [param.in]: { ...base[param.in], [param.name]: value } });
    }
  }
  if (operation.body && base.body && 'json' in base.body) {
    for (const field of bodyFields(operation.body)) {
      const name = String(field.at.filter((part) => typeof part === 'string').at(-1));
      for (const value of hostileValuesFor(field.schema, name, 'body')) {
        requests.push({ ...base, body: { json: withValueAt(base.body.json, field.at, value) } });
      }
    }
    for (const key of ['__proto__', 'constructor', 'prototype', 'zz']) {
      requests.push({ ...base, body: { json: withOwnKey(base.body.json as object, key, { role: 'admin' }) } });
    }
  }
  if (operation.method !== 'GET') for (const body of HOSTILE_BODIES) requests.push({ ...base, body });
  return requests;
}

/** A random request to a random operation as a random role: schema-valid values mostly, hostile ones mixed in. */
export function randomRequest(operations: Operation[], fixtures: Fixtures): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((operation) => {
    const params = (where: 'path' | 'query' | 'header') => operation.params.filter((p) => p.in === where);
    const record = (where: 'path' | 'query' | 'header') =>
      fc.record(
        Object.fromEntries(
          params(where).map((p) => [p.name, arbitraryOf(p.schema, pathName(operation, p.name), fixtures, where)]),
        ),
        {
          requiredKeys: params(where)
            .filter((p) => p.required || where === 'path')
            .map((p) => p.name),
        },
      );
    const body: fc.Arbitrary<FuzzRequest['body']> = operation.body
      ? fc.oneof(
          { weight: 9, arbitrary: arbitraryOf(operation.body, 'body', fixtures, 'body').map((json) => ({ json })) },
          { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_BODIES) },
        )
      : operation.method === 'GET'
        ? fc.constant(undefined)
        : fc.option(fc.constantFrom(...HOSTILE_BODIES), { nil: undefined, freq: 4 });
    return fc
      .record({
        operation: fc.constant(operation),
        role: fc.constantFrom(...FUZZ_ROLES),
        path: record('path'),
        query: record('query'),
        header: record('header'),
        body,
      })
      .map((request) => withDescription(request as FuzzRequest));
  });
}

/** fast-check prints a counterexample with this: the request as sent, not the operation's whole schema. */
function withDescription(request: FuzzRequest): FuzzRequest {
  return Object.defineProperty(request, fc.toStringMethod, { value: () => describeFuzzRequest(request) });
}
