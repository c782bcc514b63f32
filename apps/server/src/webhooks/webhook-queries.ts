import type { Webhook, WebhookDeliveryAttempt } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { type EventRow, eventRowColumns } from '../events/logged-event.js';
import type { Encryption } from '../platform/encryption.js';

/** The graphile-worker task that delivers one endpoint's backlog (job key `webhook:<id>`). */
export const DELIVER_WEBHOOK_TASK = 'deliver-webhook';
/** Namespace of the per-endpoint advisory lock (the first key of pg_try_advisory_lock(int, int)). */
export const WEBHOOK_LOCK_NAMESPACE = 7_420_014;

/** Takes the endpoint's session advisory lock on this connection, if no other connection holds it. */
export async function tryLockWebhook(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
    WEBHOOK_LOCK_NAMESPACE,
    id,
  ]);
  return rows[0]!.locked;
}

export async function unlockWebhook(db: Queryable, id: string): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [WEBHOOK_LOCK_NAMESPACE, id]);
}

export interface WebhookRow {
  id: string;
  url: string;
  event_types: string[];
  description: string;
  enabled: boolean;
  disabled_by: 'admin' | 'failures' | null;
  disabled_reason: string | null;
  last_seq: number;
  /** Replays so far: with `last_seq`, where a delivery found the cursor. */
  rewinds: number;
  attempt_count: number;
  next_attempt_at: Date | null;
  failing_since: Date | null;
  last_success_at: Date | null;
  created_at: Date;
}

/** A row with the figures of what waits for it. */
export interface WebhookStatusRow extends WebhookRow {
  backlog: number;
  oldest_pending_at: Date | null;
}

/** What the delivery needs: the row and its secret (never sent to a client). */
export interface WebhookTarget extends WebhookRow {
  secret: string;
}

const COLUMNS =
  'w.id, w.url, w.event_types, w.description, w.enabled, w.disabled_by, w.disabled_reason, w.last_seq, ' +
  'w.rewinds, w.attempt_count, w.next_attempt_at, w.failing_since, w.last_success_at, w.created_at';

/** Matching stamped events after the cursor: how many, and when the oldest was logged. */
const PENDING = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS backlog, min(e.at) AS oldest_pending_at
    FROM events e
    WHERE e.seq > w.last_seq AND (w.event_types = '{*}' OR e.type = ANY (w.event_types))
  ) p ON true`;

export function toWebhookDto(row: WebhookStatusRow, now: Date): Webhook {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    enabled: row.enabled,
    disabledBy: row.disabled_by,
    disabledReason: row.disabled_reason,
    lastSeq: row.last_seq,
    backlog: row.backlog,
    oldestPendingAgeSeconds: row.oldest_pending_at
      ? Math.max(0, (now.getTime() - row.oldest_pending_at.getTime()) / 1000)
      : null,
    lastSuccessAt: row.last_success_at?.toISOString() ?? null,
    failingSince: row.failing_since?.toISOString() ?? null,
    consecutiveFailures: row.attempt_count,
    createdAt: row.created_at.toISOString(),
  };
}

/** A new endpoint, its cursor at the end of the log as it is now. */
export async function insertWebhook(
  db: Queryable,
  hook: { id: string; url: string; eventTypes: string[]; description: string; secret: string; now: Date },
  encryption: Encryption,
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_endpoints (id, url, event_types, description, secret, last_seq, created_at)
     VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(max(seq), 0) FROM events), $6)`,
    [hook.id, hook.url, hook.eventTypes, hook.description, encryption.encrypt(hook.secret), hook.now],
  );
}

export async function selectWebhooks(db: Queryable, id?: string): Promise<WebhookStatusRow[]> {
  const { rows } = await db.query<WebhookStatusRow>(
    `SELECT ${COLUMNS}, p.backlog, p.oldest_pending_at
     FROM webhook_endpoints w ${PENDING}
     WHERE $1::uuid IS NULL OR w.id = $1
     ORDER BY w.created_at DESC, w.id DESC`,
    [id ?? null],
  );
  return rows;
}

/** Locks the endpoint's row for a change in the caller's transaction. */
export async function selectWebhookForUpdate(db: Queryable, id: string): Promise<WebhookRow | undefined> {
  const { rows } = await db.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhook_endpoints w WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0];
}

/** The endpoint with its secret, decrypted (it is stored encrypted, like personal data: platform/encryption.ts). */
export async function selectWebhookTarget(
  db: Queryable,
  id: string,
  encryption: Encryption,
): Promise<WebhookTarget | undefined> {
  const { rows } = await db.query<WebhookTarget>(`SELECT ${COLUMNS}, w.secret FROM webhook_endpoints w WHERE id = $1`, [
    id,
  ]);
  const row = rows[0];
  return row && { ...row, secret: encryption.decrypt(row.secret) };
}

/**
 * Sets what an admin changed. Enabling clears the failure state so that delivery resumes at once from the
 * cursor; disabling keeps the cursor where it is.
 */
export async function updateWebhook(
  db: Queryable,
  id: string,
  change: { url?: string; eventTypes?: string[]; description?: string; enabled?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET
       url = COALESCE($2, url),
       event_types = COALESCE($3, event_types),
       description = COALESCE($4, description),
       enabled = COALESCE($5, enabled),
       disabled_by = CASE WHEN $5 IS NULL THEN disabled_by
                          WHEN $5 THEN NULL
                          WHEN enabled THEN 'admin'
                          ELSE disabled_by END,
       disabled_reason = CASE WHEN $5 IS NULL THEN disabled_reason
                              WHEN $5 THEN NULL
                              WHEN enabled THEN 'Disabled by an admin'
                              ELSE disabled_reason END,
       attempt_count = CASE WHEN $5 AND NOT enabled THEN 0 ELSE attempt_count END,
       next_attempt_at = CASE WHEN $5 AND NOT enabled THEN NULL ELSE next_attempt_at END,
       failing_since = CASE WHEN $5 AND NOT enabled THEN NULL ELSE failing_since END
     WHERE id = $1`,
    [id, change.url ?? null, change.eventTypes ?? null, change.description ?? null, change.enabled ?? null],
  );
}

export async function deleteWebhook(db: Queryable, id: string): Promise<WebhookRow | undefined> {
  const { rows } = await db.query<WebhookRow>(`DELETE FROM webhook_endpoints w WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
  ]);
  return rows[0];
}

/**
 * Replay: the cursor goes back to just before `fromSeq`, and counts a rewind, so that a delivery under way
 * (which moves the cursor only from where it found it) cannot undo it, even when `fromSeq - 1` is where the
 * cursor already was. A retry under way starts over.
 */
export async function rewindWebhook(db: Queryable, id: string, fromSeq: number): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints
     SET last_seq = $2 - 1, rewinds = rewinds + 1, attempt_count = 0, next_attempt_at = NULL, failing_since = NULL
     WHERE id = $1`,
    [id, fromSeq],
  );
}

/** Up to `limit` matching stamped events after the cursor, and the end of the log in the same snapshot. */
export async function selectPendingEvents(
  db: Queryable,
  hook: { lastSeq: number; eventTypes: string[] },
  limit: number,
): Promise<{ events: EventRow[]; endSeq: number }> {
  const types = hook.eventTypes.includes('*') ? null : hook.eventTypes;
  const { rows } = await db.query<EventRow & { end_seq: number }>(
    `WITH log_end AS (SELECT COALESCE(max(seq), 0) AS end_seq FROM events)
     SELECT log_end.end_seq, e.* FROM log_end
     LEFT JOIN LATERAL (
       SELECT ${eventRowColumns('l')} FROM events l
       WHERE l.seq > $1 AND l.seq <= log_end.end_seq AND ($2::text[] IS NULL OR l.type = ANY ($2))
       ORDER BY l.seq
       LIMIT $3
     ) e ON true`,
    [hook.lastSeq, types, limit],
  );
  const endSeq = rows[0]?.end_seq ?? hook.lastSeq;
  return { events: rows.filter((row) => row.seq !== null), endSeq };
}

/** Where a delivery found an endpoint's cursor: it moves the cursor only from there. */
export interface CursorPosition {
  seq: number;
  rewinds: number;
}

export function cursorOf(row: WebhookRow): CursorPosition {
  return { seq: row.last_seq, rewinds: row.rewinds };
}

/** Moves the cursor over events that did not match (only forward, only from where this delivery found it). */
export async function advanceCursor(db: Queryable, id: string, from: CursorPosition, to: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE webhook_endpoints SET last_seq = $4 WHERE id = $1 AND last_seq = $2 AND rewinds = $3',
    [id, from.seq, from.rewinds, to],
  );
  return rowCount === 1;
}

export interface AttemptRecord {
  id: string;
  webhookId: string;
  seq: number;
  eventType: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  test: boolean;
  at: Date;
}

/** The columns of an attempt, in the order of `attemptValues` ($1 to $11 in the statements below). */
const ATTEMPT_COLUMNS = 'id, webhook_id, seq, event_type, attempt, status, response_code, error, duration_ms, test, at';

function attemptValues(a: AttemptRecord): unknown[] {
  return [
    a.id,
    a.webhookId,
    a.seq,
    a.eventType,
    a.attempt,
    a.status,
    a.responseCode,
    a.error,
    a.durationMs,
    a.test,
    a.at,
  ];
}

export async function insertAttempt(db: Queryable, a: AttemptRecord): Promise<void> {
  await db.query(
    `INSERT INTO webhook_delivery_attempts (${ATTEMPT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    attemptValues(a),
  );
}

/**
 * An acknowledged event: the cursor moves to it and the attempt is logged, in one statement. Only if the
 * cursor is still where this delivery found it (a replay or a delete meanwhile: nothing is written).
 */
export async function acknowledge(db: Queryable, attempt: AttemptRecord, from: CursorPosition): Promise<boolean> {
  const { rows } = await db.query<{ moved: number }>(
    `WITH moved AS (
       UPDATE webhook_endpoints
       SET last_seq = $3, attempt_count = 0, next_attempt_at = NULL, failing_since = NULL, last_success_at = $11
       WHERE id = $2 AND last_seq = $12 AND rewinds = $13
       RETURNING id
     ), logged AS (
       INSERT INTO webhook_delivery_attempts (${ATTEMPT_COLUMNS})
       SELECT $1, moved.id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM moved
     )
     SELECT count(*)::int AS moved FROM moved`,
    [...attemptValues(attempt), from.seq, from.rewinds],
  );
  return rows[0]!.moved === 1;
}

/** A failed attempt: counted, and the next one scheduled (only while the cursor is where it was). */
export async function recordFailure(
  db: Queryable,
  attempt: AttemptRecord,
  from: CursorPosition,
  nextAttemptAt: Date,
): Promise<{ failingSince: Date } | undefined> {
  const { rows } = await db.query<{ failing_since: Date }>(
    `WITH failed AS (
       UPDATE webhook_endpoints
       SET attempt_count = attempt_count + 1, next_attempt_at = $12, failing_since = COALESCE(failing_since, $11)
       WHERE id = $2 AND last_seq = $13 AND rewinds = $14
       RETURNING id, failing_since
     ), logged AS (
       INSERT INTO webhook_delivery_attempts (${ATTEMPT_COLUMNS})
       SELECT $1, failed.id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM failed
     )
     SELECT failing_since FROM failed`,
    [...attemptValues(attempt), nextAttemptAt, from.seq, from.rewinds],
  );
  return rows[0] ? { failingSince: rows[0].failing_since } : undefined;
}

/** Disabled after 24 h of failures, `reason` the last error; returns the row when this call disabled it. */
export async function disableFailingWebhook(
  db: Queryable,
  id: string,
  reason: string,
): Promise<WebhookRow | undefined> {
  const { rows } = await db.query<WebhookRow>(
    `UPDATE webhook_endpoints w
     SET enabled = false, disabled_by = 'failures', disabled_reason = $2, next_attempt_at = NULL
     WHERE id = $1 AND enabled RETURNING ${COLUMNS}`,
    [id, reason],
  );
  return rows[0];
}

/**
 * No job of this endpoint waits to run (a running one does not count: it may be about to end). Saves
 * rewriting the waiting job at every stamp; the job key is unique, so this is one index probe.
 */
const NO_PENDING_JOB = `NOT EXISTS (
         SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'webhook:' || webhook_endpoints.id AND j.locked_at IS NULL AND j.attempts < j.max_attempts
       )`;

/** Wakes the delivery of each given endpoint (a pending retry keeps its time: `preserve_run_at`). */
export async function addDeliveryJobs(db: Queryable, filter: { ids?: string[]; types?: string[] }): Promise<number> {
  const { rows } = await db.query<{ jobs: number }>(
    `SELECT count(graphile_worker.add_job('${DELIVER_WEBHOOK_TASK}', json_build_object('webhookId', id),
              job_key => 'webhook:' || id, job_key_mode => 'preserve_run_at', max_attempts => 5))::int AS jobs
     FROM webhook_endpoints
     WHERE enabled
       AND ($1::uuid[] IS NULL OR id = ANY ($1))
       AND ${NO_PENDING_JOB}
       AND ($2::text[] IS NULL OR event_types = '{*}' OR event_types && $2)`,
    [filter.ids ?? null, filter.types ?? null],
  );
  return rows[0]!.jobs;
}

/** Enabled endpoints whose cursor is behind the log's end (the sweep's catch-all). */
export async function addJobsForLaggingWebhooks(db: Queryable, ids?: string[]): Promise<number> {
  const { rows } = await db.query<{ jobs: number }>(
    `SELECT count(graphile_worker.add_job('${DELIVER_WEBHOOK_TASK}', json_build_object('webhookId', id),
              job_key => 'webhook:' || id, job_key_mode => 'preserve_run_at', max_attempts => 5))::int AS jobs
     FROM webhook_endpoints
     WHERE enabled AND last_seq < (SELECT COALESCE(max(seq), 0) FROM events) AND ($1::uuid[] IS NULL OR id = ANY ($1))
       AND ${NO_PENDING_JOB}`,
    [ids ?? null],
  );
  return rows[0]!.jobs;
}

/** The job that makes the next attempt when it comes due (replacing a wake that would run it sooner). */
export async function scheduleDeliveryJob(db: Queryable, id: string, runAt: Date): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job('${DELIVER_WEBHOOK_TASK}', json_build_object('webhookId', $1::text),
              job_key => 'webhook:' || $1, run_at => $2, job_key_mode => 'replace', max_attempts => 5)`,
    [id, runAt],
  );
}

export async function countEnabledWebhooks(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM webhook_endpoints WHERE enabled',
  );
  return rows[0]!.count;
}

interface AttemptRow {
  id: string;
  seq: number;
  event_type: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  test: boolean;
  at: Date;
  at_key: string;
}

export function toAttemptDto(row: AttemptRow): WebhookDeliveryAttempt {
  return {
    id: row.id,
    seq: row.seq,
    eventType: row.event_type,
    attempt: row.attempt,
    status: row.status,
    responseCode: row.response_code,
    error: row.error,
    durationMs: row.duration_ms,
    test: row.test,
    at: row.at.toISOString(),
  };
}

/** One page of an endpoint's attempts, newest first (keyset on `at, id`); `limit + 1` rows. */
export async function selectAttemptPage(
  db: Queryable,
  webhookId: string,
  page: { limit: number; after?: { key: string; id: string } },
): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT id, seq, event_type, attempt, status, response_code, error, duration_ms, test, at, at::text AS at_key
     FROM webhook_delivery_attempts
     WHERE webhook_id = $1 AND ($2::timestamptz IS NULL OR (at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY at DESC, id DESC
     LIMIT $4`,
    [webhookId, page.after?.key ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return rows;
}

export async function purgeOldAttempts(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM webhook_delivery_attempts WHERE at < $1', [before]);
  return rowCount ?? 0;
}

/** Per enabled endpoint: matching events waiting and the age of the oldest (for /metrics and health). */
export async function selectBacklogs(
  db: Queryable,
): Promise<{ id: string; url: string; backlog: number; oldest_pending_at: Date | null }[]> {
  const { rows } = await db.query<{ id: string; url: string; backlog: number; oldest_pending_at: Date | null }>(
    `SELECT w.id, w.url, p.backlog, p.oldest_pending_at FROM webhook_endpoints w ${PENDING} WHERE w.enabled`,
  );
  return rows;
}
