import type { eventsQuerySchema, Page, SwyftEvent } from '@swyft/contract';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { badCursor } from '../pagination/keyset-cursor.js';
import { selectLogPage } from './event-log-queries.js';

/** The log for admins, oldest first: after `after`, or after the page's cursor (the last seq it held). */
export async function listEvents(
  ctx: AppContext,
  query: z.output<typeof eventsQuerySchema>,
): Promise<Page<SwyftEvent>> {
  const afterSeq = query.cursor !== undefined ? decodeSeqCursor(query.cursor) : (query.after ?? 0);
  const rows = await selectLogPage(ctx.pool, { ...query, afterSeq }, ctx.encryption);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null };
}

function encodeSeqCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ seq })).toString('base64url');
}

/** Strictly: a safe seq, in exactly the text encodeSeqCursor writes (pagination.ts says why). */
function decodeSeqCursor(cursor: string): number {
  try {
    const { seq } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { seq?: unknown };
    if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 && encodeSeqCursor(seq) === cursor) return seq;
  } catch {
    // fall through
  }
  throw badCursor();
}
