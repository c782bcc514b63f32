import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { RawConnection } from '../../test/support/raw-http.js';
import { withTestNode } from '../../test/support/test-node.js';

/**
 * A body over the 1 MB limit is answered 413 in the one shape, also to a client that is still sending
 * it: the server reads and discards the rest (up to 16 MB) before answering. It used to stop reading and
 * answer at once, so the client's upload stalled for good, or failed with EPIPE when the connection closed
 * under it; fetch and node:http then reported a failed request instead of the 413.
 */
const { node, customer } = withTestNode({ customers: 1 });

const FIVE_MB = 5 * 1024 * 1024;
const orderOf = (size: number) => JSON.stringify({ items: [], address: 'x'.repeat(size) });

interface Upload {
  size: number;
  headers: Record<string, string>;
  /** Without a content-length (chunked), so the server learns the size only by reading. */
  chunked?: boolean;
  /** Pause between 64 KB writes, as a slow uplink; 0: the next write as soon as the last one is taken. */
  pauseMs: number;
}

/**
 * POSTs with node:http and answers the response and whether the whole body went out. A server that stops
 * reading makes the upload stall, and one that closes the connection under it makes the next write fail
 * (EPIPE, a reset), whatever it answered: the client's request fails either way.
 */
function upload(path: string, { size, headers, chunked = false, pauseMs }: Upload) {
  return new Promise<{ status: number; body: any; outcome: string }>((resolve) => {
    const request = http.request(`${node.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(chunked ? {} : { 'content-length': String(size) }),
        ...headers,
      },
    });
    let response: { status: number; body: any } | undefined;
    let outcome = 'sending';
    const settle = () => {
      if (outcome === 'sending' || (outcome === 'sent' && !response)) return;
      clearTimeout(stall);
      resolve({ status: response?.status ?? 0, body: response?.body, outcome });
    };
    const stall = setTimeout(() => {
      outcome = `stalled after ${sent} bytes`;
      settle();
      request.destroy();
    }, 10_000);
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (outcome === 'sending') outcome = error.code ?? error.message;
      settle();
    });
    request.on('finish', () => {
      outcome = 'sent';
      settle();
    });
    request.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        response = { status: res.statusCode!, body: JSON.parse(text) };
        settle();
      });
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const writeNext = () => {
      if (outcome !== 'sending') return;
      if (sent >= size) return void request.end();
      const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += part.length;
      request.write(part, () => (pauseMs > 0 ? setTimeout(writeNext, pauseMs) : setImmediate(writeNext)));
    };
    writeNext();
  });
}

describe('a body over 1 MB', () => {
  it('is answered 413 payload_too_large to fetch sending 5 MB', async () => {
    const res = await fetch(`${node.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
      body: orderOf(FIVE_MB),
    });
    expectError({ status: res.status, body: await res.json() }, 413, 'payload_too_large');
  });

  it.each([
    ['with a content-length, 64 KB writes back to back', { chunked: false, pauseMs: 0 }],
    ['chunked, 64 KB every 5 ms', { chunked: true, pauseMs: 5 }],
  ])('is answered 413 to node:http streaming 5 MB %s, which sends it all', async (_, how) => {
    const auth = { authorization: `Bearer ${customer.token}` };
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await upload('/api/v1/orders', { size: FIVE_MB, headers: auth, ...how });
      expect(res.outcome).toBe('sent');
      expectError(res, 413, 'payload_too_large');
    }
  });

  it('is answered in the one shape when the caller is refused before the body is read (401)', async () => {
    const res = await upload('/api/v1/orders', {
      size: 2 * 1024 * 1024,
      headers: { authorization: 'Bearer x' },
      pauseMs: 0,
    });
    expect(res.outcome).toBe('sent');
    expectError(res, 401, 'unauthenticated');
  });

  it('far beyond the bound is cut, but only after the 413 is sent', async () => {
    const connection = new RawConnection(node.url);
    await connection.write(
      'POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${customer.token}\r\nContent-Length: ${1024 * 1024 * 1024}\r\n\r\n`,
    );
    // Keep sending until the server closes the connection; the answer must be there by then.
    const sending = (async () => {
      const chunk = Buffer.alloc(256 * 1024, 'x');
      for (let i = 0; i < 400; i++) await connection.write(chunk).catch(() => undefined);
    })();
    const [response] = await connection.responsesUntilClosed();
    await sending;
    expect(response?.status).toBe(413);
    expect(response?.headers.connection).toBe('close');
    expect(response?.body.error.code).toBe('payload_too_large');
  });
});
