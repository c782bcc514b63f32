import type { AppContext } from '../context.js';
import { revokeFamily } from './session-queries.js';

/** Ends the session the access token belongs to: its refresh tokens stop working. */
export async function logOut(ctx: AppContext, sessionId: string): Promise<void> {
  await revokeFamily(ctx.pool, sessionId);
}
