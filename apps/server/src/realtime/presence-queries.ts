import type { Queryable } from '../db/pool.js';

export async function upsertNodeHeartbeat(db: Queryable, nodeId: string): Promise<void> {
  await db.query(
    `INSERT INTO realtime_nodes (node_id) VALUES ($1)
     ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()`,
    [nodeId],
  );
}

export async function insertPartnerConnection(
  db: Queryable,
  connection: { socketId: string; partnerId: string; nodeId: string },
): Promise<void> {
  await db.query(
    'INSERT INTO partner_connections (socket_id, partner_id, node_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [connection.socketId, connection.partnerId, connection.nodeId],
  );
}

export async function deletePartnerConnection(db: Queryable, socketId: string): Promise<void> {
  await db.query('DELETE FROM partner_connections WHERE socket_id = $1', [socketId]);
}

/** What the partner declared (online or not), kept across their connections. */
export async function upsertPartnerOnline(db: Queryable, partnerId: string, online: boolean): Promise<void> {
  await db.query(
    `INSERT INTO partner_presence (partner_id, online) VALUES ($1, $2)
     ON CONFLICT (partner_id) DO UPDATE SET online = $2, changed_at = now()
     WHERE partner_presence.online IS DISTINCT FROM $2`,
    [partnerId, online],
  );
}

/** Sets offline those of these partners that hold no connection on any node; returns them. */
export async function markOfflineWithoutConnections(db: Queryable, partnerIds: string[]): Promise<string[]> {
  if (partnerIds.length === 0) return [];
  const { rows } = await db.query<{ partner_id: string }>(
    `UPDATE partner_presence p SET online = false, changed_at = now()
     WHERE p.partner_id = ANY($1::uuid[]) AND p.online
       AND NOT EXISTS (SELECT 1 FROM partner_connections c WHERE c.partner_id = p.partner_id)
     RETURNING p.partner_id`,
    [partnerIds],
  );
  return rows.map((r) => r.partner_id);
}

/** Which of these partners are online, as of `readAt` (the database's clock). */
export async function readOnlineAmong(
  db: Queryable,
  partnerIds: string[],
): Promise<{ online: Set<string>; readAt: Date }> {
  const { rows } = await db.query<{ read_at: Date; online_ids: string[] }>(
    `SELECT now() AS read_at, coalesce(array_agg(partner_id), '{}') AS online_ids
     FROM partner_presence WHERE online AND partner_id = ANY($1::uuid[])`,
    [partnerIds],
  );
  return { online: new Set(rows[0]!.online_ids), readAt: rows[0]!.read_at };
}

/** Every partner whose presence changed at or after `since`, online or not, as of `readAt`. */
export async function readPresenceChanges(
  db: Queryable,
  since: Date,
): Promise<{ changes: Map<string, boolean>; readAt: Date }> {
  const { rows } = await db.query<{ read_at: Date; online_ids: string[]; offline_ids: string[] }>(
    `SELECT now() AS read_at,
            coalesce(array_agg(partner_id) FILTER (WHERE online), '{}') AS online_ids,
            coalesce(array_agg(partner_id) FILTER (WHERE NOT online), '{}') AS offline_ids
     FROM partner_presence WHERE changed_at >= $1`,
    [since],
  );
  const { read_at: readAt, online_ids: online, offline_ids: offline } = rows[0]!;
  const changes = new Map<string, boolean>();
  for (const partnerId of offline) changes.set(partnerId, false);
  for (const partnerId of online) changes.set(partnerId, true);
  return { changes, readAt };
}

/**
 * Forgets nodes that stopped heart-beating and the partner connections they held (a node killed with -9
 * never says goodbye). Returns the partners those connections belonged to.
 */
export async function sweepDeadNodes(db: Queryable, staleSeconds: number): Promise<string[]> {
  const { rows } = await db.query<{ partner_id: string }>(
    `WITH dead AS (
       DELETE FROM realtime_nodes WHERE heartbeat_at < now() - make_interval(secs => $1) RETURNING node_id
     )
     DELETE FROM partner_connections c
     WHERE c.node_id IN (SELECT node_id FROM dead)
        OR NOT EXISTS (SELECT 1 FROM realtime_nodes n WHERE n.node_id = c.node_id)
     RETURNING c.partner_id`,
    [staleSeconds],
  );
  return [...new Set(rows.map((r) => r.partner_id))];
}

/** A node stopping cleanly: its connections and its heartbeat go; returns the partners concerned. */
export async function deleteNode(db: Queryable, nodeId: string): Promise<string[]> {
  const { rows } = await db.query<{ partner_id: string }>(
    `WITH gone AS (DELETE FROM realtime_nodes WHERE node_id = $1)
     DELETE FROM partner_connections WHERE node_id = $1 RETURNING partner_id`,
    [nodeId],
  );
  return [...new Set(rows.map((r) => r.partner_id))];
}
