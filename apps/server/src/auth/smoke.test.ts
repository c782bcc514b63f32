import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/test-node.js';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node?.close());

it('registers and reads /me', async () => {
  const client = node.client();
  const res = await client.post('/api/v1/auth/register', {
    name: 'A',
    email: 'a@example.test',
    password: 'password123',
  });
  expect(res.status).toBe(201);
  const me = await client.get('/api/v1/me');
  expect(me.status).toBe(200);
  expect(me.body.user.email).toBe('a@example.test');
});
