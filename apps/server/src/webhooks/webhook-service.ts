import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CreateWebhookBody,
  type Page,
  type UpdateWebhookBody,
  WEBHOOK_SECRET_PREFIX,
  type Webhook,
  type WebhookDeliveryAttempt,
  type WebhookTestEvent,
} from '@swyft/contract';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { notFound, validationFailed } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { decodeCursor, toPage } from '../pagination/keyset-cursor.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import { refusedDestination } from './address-guard.js';
import {
  deleteWebhook as deleteWebhookRow,
  insertAttempt,
  insertWebhook,
  rewindWebhook,
  selectAttemptPage,
  selectWebhookForUpdate,
  selectWebhooks,
  selectWebhookTarget,
  toAttemptDto,
  toWebhookDto,
  updateWebhook as updateWebhookRow,
  type WebhookRow,
} from './webhook-queries.js';
import type { Webhooks } from './webhooks.js';

/** The HMAC key's length: within the 24..64 bytes API.md allows. */
const SECRET_BYTES = 32;

interface Deps {
  pool: Pool;
  encryption: Encryption;
  clock: Clock;
  config: Pick<Config, 'webhooks'>;
  webhooks: Pick<Webhooks, 'wake' | 'sender'>;
}

interface AdminInput {
  adminId: string;
  correlationId: string;
}

async function checkDestination(deps: Pick<Deps, 'config'>, url: string): Promise<void> {
  const refused = await refusedDestination(url, { allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks });
  if (refused) throw validationFailed('body.url', `must reach a public address: ${refused}`);
}

function eventData(row: WebhookRow) {
  return {
    webhookId: row.id,
    url: row.url,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledBy: row.disabled_by,
    disabledReason: row.disabled_reason,
  };
}

async function getWebhook(deps: Pick<Deps, 'pool' | 'clock'>, id: string): Promise<Webhook> {
  const [row] = await selectWebhooks(deps.pool, id);
  if (!row) throw notFound('Webhook');
  return toWebhookDto(row, deps.clock.now());
}

/** An admin adds an endpoint: it starts after the log's last seq; its secret is in this answer only. */
export async function createWebhook(
  deps: Deps,
  input: AdminInput & { body: CreateWebhookBody },
): Promise<{ webhook: Webhook; secret: string }> {
  await checkDestination(deps, input.body.url);
  const id = randomUUID();
  const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
  await withTransaction(deps.pool, async (tx) => {
    await insertWebhook(
      tx,
      {
        id,
        url: input.body.url,
        eventTypes: input.body.eventTypes,
        description: input.body.description ?? '',
        secret,
        now: deps.clock.now(),
      },
      deps.encryption,
    );
    await appendEvent(tx, {
      type: 'webhook.created',
      actor: { id: input.adminId, role: 'admin' },
      data: {
        webhookId: id,
        url: input.body.url,
        eventTypes: input.body.eventTypes,
        enabled: true,
        disabledBy: null,
        disabledReason: null,
      },
      correlationId: input.correlationId,
    });
  });
  // Nothing to deliver yet; this tells the wakes that an endpoint exists now.
  await deps.webhooks.wake([id]);
  return { webhook: await getWebhook(deps, id), secret };
}

export async function listWebhooks(deps: Pick<Deps, 'pool' | 'clock'>): Promise<{ items: Webhook[] }> {
  const now = deps.clock.now();
  return { items: (await selectWebhooks(deps.pool)).map((row) => toWebhookDto(row, now)) };
}

/** Changes what the admin sent; enabling resumes delivery from the cursor at once. */
export async function updateWebhook(
  deps: Deps,
  input: AdminInput & { id: string; body: UpdateWebhookBody },
): Promise<{ webhook: Webhook }> {
  if (input.body.url !== undefined) await checkDestination(deps, input.body.url);
  await withTransaction(deps.pool, async (tx) => {
    const before = await selectWebhookForUpdate(tx, input.id);
    if (!before) throw notFound('Webhook');
    await updateWebhookRow(tx, input.id, input.body);
    const after = await selectWebhookForUpdate(tx, input.id);
    await appendEvent(tx, {
      type: 'webhook.updated',
      actor: { id: input.adminId, role: 'admin' },
      data: eventData(after!),
      correlationId: input.correlationId,
    });
  });
  if (input.body.enabled === true || input.body.eventTypes !== undefined) await deps.webhooks.wake([input.id]);
  return { webhook: await getWebhook(deps, input.id) };
}

export async function deleteWebhook(deps: Deps, input: AdminInput & { id: string }): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const row = await deleteWebhookRow(tx, input.id);
    if (!row) throw notFound('Webhook');
    await appendEvent(tx, {
      type: 'webhook.deleted',
      actor: { id: input.adminId, role: 'admin' },
      data: { ...eventData(row), enabled: false, disabledReason: 'deleted' },
      correlationId: input.correlationId,
    });
  });
}

/**
 * Replay: every matching event from `fromSeq` is delivered again (same `webhook-id`s: receivers dedupe).
 * Only backwards: a `fromSeq` past the endpoint's cursor would skip events, so it is refused.
 */
export async function replayWebhook(
  deps: Deps,
  input: AdminInput & { id: string; fromSeq: number },
): Promise<{ webhook: Webhook }> {
  await withTransaction(deps.pool, async (tx) => {
    const row = await selectWebhookForUpdate(tx, input.id);
    if (!row) throw notFound('Webhook');
    if (input.fromSeq > row.last_seq + 1) {
      throw validationFailed(
        'body.fromSeq',
        `must be at most ${row.last_seq + 1}: the endpoint has not reached that seq yet (replay goes back, never skips)`,
      );
    }
    await rewindWebhook(tx, input.id, input.fromSeq);
  });
  await deps.webhooks.wake([input.id]);
  return { webhook: await getWebhook(deps, input.id) };
}

/**
 * A test event, sent at once to this endpoint only and answered with the attempt. It does not go through the
 * log: it is for one endpoint (an event of the log would reach every `*` endpoint and every admin socket),
 * the admin wants the answer now (not after a backlog or a retry wait), and it must not move the cursor.
 * It is signed like any delivery, with `webhook-id` `evt_test_<uuid>` and `seq` 0 in the body.
 */
export async function sendTestEvent(
  deps: Deps,
  input: AdminInput & { id: string },
): Promise<{ attempt: WebhookDeliveryAttempt }> {
  const target = await selectWebhookTarget(deps.pool, input.id, deps.encryption);
  if (!target) throw notFound('Webhook');
  const at = deps.clock.now();
  const event: WebhookTestEvent = {
    seq: 0,
    type: 'webhook.test',
    at: at.toISOString(),
    actor: { id: input.adminId, role: 'admin' },
    orderId: null,
    data: { webhookId: target.id },
    correlationId: input.correlationId,
  };
  const result = await deps.webhooks.sender.send(target, {
    id: `evt_test_${randomUUID()}`,
    body: JSON.stringify(event),
    at,
  });
  const record = {
    id: randomUUID(),
    webhookId: target.id,
    seq: 0,
    eventType: 'webhook.test',
    attempt: 1,
    status: result.ok ? ('succeeded' as const) : ('failed' as const),
    responseCode: result.responseCode,
    error: result.error,
    durationMs: result.durationMs,
    test: true,
    at,
  };
  await insertAttempt(deps.pool, record);
  return {
    attempt: {
      id: record.id,
      seq: 0,
      eventType: record.eventType,
      attempt: 1,
      status: record.status,
      responseCode: record.responseCode,
      error: record.error,
      durationMs: record.durationMs,
      test: true,
      at: at.toISOString(),
    },
  };
}

export async function listDeliveries(
  deps: Pick<Deps, 'pool' | 'encryption'>,
  input: { id: string; limit: number; cursor?: string },
): Promise<Page<WebhookDeliveryAttempt>> {
  const after = decodeCursor(input.cursor, 'timestamp') as { key: string; id: string } | undefined;
  if (!(await selectWebhookTarget(deps.pool, input.id, deps.encryption))) throw notFound('Webhook');
  const rows = await selectAttemptPage(deps.pool, input.id, { limit: input.limit, ...(after ? { after } : {}) });
  return toPage(rows, input.limit, toAttemptDto, (row) => ({ key: row.at_key, id: row.id }));
}
