import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/test-node.js';

/**
 * Throws random bodies at every write route the OpenAPI document lists (so routes added later are covered
 * without touching this file), as every role, with random, malformed or real ids in the path. Whatever
 * comes in, the answer is never a 5xx and every error is in the one shape.
 */
let node: TestNode;
let writeRoutes: { method: string; path: string; fields: string[] }[];

beforeAll(async () => {
  node = await startTestNode();
  const spec = (await node.client().get('/api-docs/openapi.json')).body;
  writeRoutes = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        fields: Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      })),
  );
});
afterAll(() => node?.close());

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const nastyString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    "'; DROP TABLE users;--",
    '../../etc/passwd',
    'x'.repeat(5000),
    '💥',
    '-1',
    '1e309',
  ),
);
const anyValue = fc.oneof(
  jsonValue,
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, null, true),
);

function bodyFor(fields: string[]) {
  const plausible = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: fields.length })
    : fc.constant({});
  return fc.oneof(
    plausible,
    plausible.chain((base) =>
      fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 2 }).map((extra) => ({ ...base, ...extra })),
    ),
    jsonValue,
    fc.constant(undefined),
  );
}

function expectOneErrorShape(status: number, body: any, context: string) {
  expect(status, context).toBeLessThan(500);
  if (status >= 400) {
    expect(body, context).toEqual({
      error: {
        code: expect.any(String),
        message: expect.any(String),
        details: expect.any(Object),
        requestId: expect.any(String),
      },
    });
  }
}

describe('every write route, random input', () => {
  it('never answers 5xx and always answers errors in the one shape', async () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(6);
    const roles = ['customer', 'partner', 'admin'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: writeRoutes.length - 1 }).chain((index) =>
          fc.record({
            route: fc.constant(writeRoutes[index]!),
            role: fc.constantFrom(...roles),
            idKind: fc.constantFrom('random', 'malformed', 'own'),
            body: bodyFor(writeRoutes[index]!.fields),
            idempotencyKey: fc.option(nastyString, { nil: undefined }),
          }),
        ),
        async ({ route, role, idKind, body, idempotencyKey }) => {
          const actor = await node.createUser(role);
          const id = { random: crypto.randomUUID(), malformed: 'not-an-id', own: actor.user.id }[idKind];
          const path = route.path.replace(/\{[^}]+\}|:[A-Za-z]+/g, encodeURIComponent(id));
          const headers: Record<string, string> = {};
          if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey))
            headers['idempotency-key'] = idempotencyKey;
          const res = await actor.client.request(route.method, path, { body, headers });
          expectOneErrorShape(
            res.status,
            res.body,
            `${route.method} ${path} as ${role} with ${JSON.stringify(body)?.slice(0, 300)}`,
          );
        },
      ),
      { numRuns: 250 },
    );
  });

  it('answers malformed JSON and wrong content types on every write route in the one shape', async () => {
    const actor = await node.createUser('admin');
    for (const route of writeRoutes) {
      const path = route.path.replace(/\{[^}]+\}|:[A-Za-z]+/g, crypto.randomUUID());
      for (const [rawBody, type] of [
        ['{"a":', 'application/json'],
        ['a=1', 'application/x-www-form-urlencoded'],
        ['<x/>', 'text/xml'],
      ] as const) {
        const res = await actor.client.request(route.method, path, { rawBody, headers: { 'content-type': type } });
        expectOneErrorShape(res.status, res.body, `${route.method} ${path} ${type}`);
        expect(res.status, `${route.method} ${path} ${type}`).toBeGreaterThanOrEqual(400);
      }
    }
  });
});
