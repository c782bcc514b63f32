import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { guardedLookup, isPublicAddress, type LookupFunction } from './address-guard.js';

/** Connect, and the whole exchange, each within this (API.md: a 2xx within 10 s acknowledges). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read (and thrown away). */
const MAX_RESPONSE_BYTES = 16 * 1024;
/** What an attempt's `error` keeps of a message. */
const MAX_ERROR_LENGTH = 300;

export interface SendResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookSender {
  /** POSTs the body, signed with the secret (Standard Webhooks), and says how the receiver answered. */
  send(target: { url: string; secret: string }, message: { id: string; body: string; at: Date }): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SenderOptions {
  allowPrivateNetworks: boolean;
  userAgent: string;
  timeoutMs?: number;
  /** The name resolution at connect (tests give one that answers a private address). */
  lookup?: LookupFunction;
}

/**
 * Outbound HTTP for webhooks, with undici: one Agent (kept-alive connections per origin), redirects not
 * followed (a 3xx is a failure), and when private networks are not allowed, a `connect.lookup` that refuses
 * a name resolving to a non-public address at the moment of connecting.
 */
export function createWebhookSender(options: SenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const agent = new Agent({
    connect: {
      timeout: timeoutMs,
      ...(options.allowPrivateNetworks ? {} : { lookup: options.lookup ?? guardedLookup() }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 4,
  });
  const signers = new Map<string, StandardWebhook>();
  const signerFor = (secret: string) => {
    let signer = signers.get(secret);
    if (!signer) {
      signer = new StandardWebhook(secret);
      if (signers.size > 1000) signers.clear();
      signers.set(secret, signer);
    }
    return signer;
  };

  return {
    async send(target, message) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      // An address written in the URL is not looked up at connect: it is checked here.
      const host = new URL(target.url).hostname.replace(/^\[(.*)\]$/, '$1');
      if (!options.allowPrivateNetworks && ipaddr.isValid(host) && !isPublicAddress(host)) {
        return { ok: false, responseCode: null, error: `refused: ${host} is not a public address`, durationMs: 0 };
      }
      const signature = signerFor(target.secret).sign(message.id, message.at, message.body);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await request(target.url, {
          method: 'POST',
          dispatcher: agent,
          signal,
          headers: {
            'content-type': 'application/json',
            'user-agent': options.userAgent,
            'webhook-id': message.id,
            'webhook-timestamp': String(Math.floor(message.at.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: message.body,
        });
        await discardBody(response.body);
        const code = response.statusCode;
        if (code >= 200 && code < 300) return { ok: true, responseCode: code, error: null, durationMs: elapsed() };
        const error = code >= 300 && code < 400 ? `redirect (HTTP ${code}) not followed` : `HTTP ${code}`;
        return { ok: false, responseCode: code, error, durationMs: elapsed() };
      } catch (error) {
        return { ok: false, responseCode: null, error: describe(error, signal, timeoutMs), durationMs: elapsed() };
      }
    },
    async close() {
      await agent.close();
    },
  };
}

/** Reads at most MAX_RESPONSE_BYTES of the answer, then drops the rest (and the connection if it is long). */
async function discardBody(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<void> {
  let read = 0;
  for await (const chunk of body) {
    read += chunk.length;
    if (read > MAX_RESPONSE_BYTES) {
      body.destroy();
      return;
    }
  }
}

function describe(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs / 1000} s`;
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `timed out after ${timeoutMs / 1000} s (${code})`;
  }
  const message = err.cause?.message ?? err.message ?? String(error);
  return (code && !message.includes(code) ? `${code}: ${message}` : message).slice(0, MAX_ERROR_LENGTH);
}
