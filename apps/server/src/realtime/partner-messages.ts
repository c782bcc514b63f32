import { availabilityMessageSchema, locationMessageSchema, type SocketAck } from '@swyft/contract';
import type { z } from 'zod';
import { clientTimeProblem } from '../platform/client-time.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { PartnerLocations } from './partner-locations.js';
import type { PartnerPresence } from './partner-presence.js';
import type { MessageKind, MessageLimits } from './socket-limits.js';
import type { RealtimeSocket } from './socket-types.js';

const refuse = (code: Extract<SocketAck, { ok: false }>['error']['code'], message: string): SocketAck => ({
  ok: false,
  error: { code, message },
});

/**
 * `availability` and `location` (partners only; anyone else is answered `forbidden`): limited per
 * connection, validated, then one service call each; the answer goes back in the acknowledgement.
 */
export function registerPartnerMessages(
  socket: RealtimeSocket,
  deps: { presence: PartnerPresence; locations: PartnerLocations; limits: MessageLimits; log: Logger; clock: Clock },
): void {
  const { limits, log } = deps;

  const handle = <S extends z.ZodType>(
    kind: MessageKind,
    schema: S,
    work: (message: z.infer<S>) => Promise<SocketAck>,
  ) => {
    return async (raw: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (result: SocketAck) => void) : () => {};
      if (socket.data.role !== 'partner') return reply(refuse('forbidden', 'Only partners send this'));
      if (!limits.allow(socket, kind)) return reply(refuse('rate_limited', `Too many ${kind} messages`));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reply(refuse('validation_failed', `${issue?.path.join('.') || kind}: ${issue?.message ?? 'invalid'}`));
      }
      try {
        reply(await work(parsed.data));
      } catch (error) {
        log.warn({ err: error, kind }, 'socket message failed');
        reply(refuse('unavailable', 'Try again shortly'));
      }
    };
  };

  socket.on(
    'availability',
    handle('availability', availabilityMessageSchema, async ({ online }) => {
      await deps.presence.setAvailability(socket.data.userId, online);
      return { ok: true, online };
    }),
  );
  socket.on(
    'location',
    handle('location', locationMessageSchema, async (message) => {
      // A position kept on the phone while offline says when it was taken, within the window of `actedAt`.
      const problem = message.at === undefined ? undefined : clientTimeProblem(new Date(message.at), deps.clock.now());
      if (problem) return refuse('validation_failed', `at: ${problem}`);
      await deps.locations.report(socket.data.userId, message);
      return { ok: true };
    }),
  );
}
