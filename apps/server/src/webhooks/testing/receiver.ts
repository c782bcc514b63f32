import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The event's seq (0 for a test event), read from the body. */
  seq: number;
  type: string;
  at: number;
}

/** How the receiver answers one request: a status (and headers), after a pause. */
export interface Answer {
  status: number;
  delayMs?: number;
  headers?: Record<string, string>;
}

/**
 * A real webhook receiver for tests: a Node http server on a random loopback port that records every
 * request and answers as `answer` says (200 by default), per path so one server plays several endpoints.
 */
export class TestReceiver {
  readonly received: Received[] = [];
  answer: (request: Received) => Answer = () => ({ status: 200 });
  private readonly server: Server;
  private waiters: (() => void)[] = [];

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<TestReceiver> {
    const server = createServer();
    const receiver = new TestReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let parsed: { seq?: number; type?: string } = {};
        try {
          parsed = JSON.parse(body) as { seq?: number; type?: string };
        } catch {
          // recorded as is
        }
        const request: Received = {
          path: req.url ?? '/',
          headers: req.headers,
          body,
          seq: parsed.seq ?? -1,
          type: parsed.type ?? '',
          at: Date.now(),
        };
        receiver.received.push(request);
        for (const wake of receiver.waiters.splice(0)) wake();
        const answer = receiver.answer(request);
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers ?? {});
          res.end('ok');
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
        else reply();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `check` holds over what was received (or fails after `timeoutMs`). */
  async until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('the receiver did not get what was expected in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/** Verifies a received request with the Standard Webhooks library; returns the parsed event. */
export function verifyReceived(secret: string, request: Received): unknown {
  return new StandardWebhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}
