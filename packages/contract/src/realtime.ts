import { z } from 'zod';
import { idSchema, isoDateTimeSchema, textSchema } from './common.js';
import { eventSchema } from './events.js';
import { etaSchema } from './orders.js';

/**
 * The real-time channel (API.md, Real-time channel): Socket.IO on the API's origin. Connect with
 * `io(origin, { path: REALTIME_PATH, transports: [...REALTIME_TRANSPORTS], withCredentials: true, auth })`:
 * websocket first, long-polling when a proxy refuses the upgrade.
 */
export const REALTIME_PATH = '/socket.io';
export const REALTIME_TRANSPORTS = ['websocket', 'polling'] as const;

/**
 * The handshake's `auth`. A browser is authenticated by its `access_token` cookie and sends no token;
 * a phone app or script sends `token` (the access JWT). `lastSeq`: the last `seq` this client has applied;
 * the server first sends every visible event after it, from the log, then live events (no gap, no
 * duplicate at the switch); without it the connection gets live events only. `online`: a partner declares
 * availability with the connection itself, so that the resume includes the offers it missed.
 */
export const realtimeAuthSchema = z.object({
  token: textSchema({ trim: false }).min(1).max(4096).optional(),
  lastSeq: z.number().int().min(0).optional(),
  online: z.boolean().optional(),
});
export type RealtimeAuth = z.infer<typeof realtimeAuthSchema>;

/**
 * `connect_error` messages the server refuses a handshake with (`err.message`; also `err.data.code`).
 * `unauthenticated`: refresh the session, then reconnect; `account_disabled`: do not retry;
 * `too_many_connections`: this user holds too many connections already; `validation_failed`: a bad `auth`;
 * `unavailable`: the server could not check the account right now, retry; `forbidden`: an API key (keys read
 * the log with `GET /events`, not over the socket).
 */
export const realtimeConnectErrors = [
  'unauthenticated',
  'account_disabled',
  'too_many_connections',
  'validation_failed',
  'unavailable',
  'forbidden',
] as const;
export type RealtimeConnectError = (typeof realtimeConnectErrors)[number];

/**
 * `event`: one entry of the log (see `eventSchema`), with `data.order` as `GET /orders/:id` returns it.
 * On one connection seqs only increase and never repeat, except for events an admin re-sent with
 * `POST /events/replay`: those carry `replayed: true` and may repeat a seq the client already has;
 * a client skips any seq it has already applied.
 */
export const realtimeEventSchema = z.intersection(
  eventSchema,
  z.object({
    replayed: z.literal(true).optional().describe('Re-sent by an admin replay; may repeat a seq already seen'),
  }),
);
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

/**
 * `resumed`: sent once after the catch-up that `auth.lastSeq` asked for; what follows is live. `lastSeq`
 * is the log position the catch-up reached (this connection may not see every event up to it).
 */
export const resumedMessageSchema = z.object({ lastSeq: z.number().int().min(0) });
export type ResumedMessage = z.infer<typeof resumedMessageSchema>;

/**
 * `partner.location`: the latest position of the partner of one of your active orders (customers), or of
 * any partner (admins; `orderId` is then one of the partner's active orders, or null). Not stored in the
 * log, no seq: the newest one wins. On connect, a customer gets the latest known position for each of
 * their active orders.
 */
export const partnerLocationMessageSchema = z.object({
  partnerId: idSchema,
  orderId: idSchema.nullable(),
  lat: z.number(),
  lng: z.number(),
  heading: z.number().optional(),
  speed: z.number().optional(),
  at: isoDateTimeSchema,
});
export type PartnerLocationMessage = z.infer<typeof partnerLocationMessageSchema>;

/**
 * `offer.withdrawn` (partners): the order left `placed` (accepted by someone, or cancelled) or its wave ended, so the
 * offer is gone. Ephemeral, not a log event: `seq` is that of the event that withdrew it, for ordering only.
 */
export const offerWithdrawnMessageSchema = z.object({ orderId: idSchema, seq: z.number().int().positive() });
export type OfferWithdrawnMessage = z.infer<typeof offerWithdrawnMessageSchema>;

/**
 * `order.eta` (the order's customer and admins): the order's estimate changed by a minute or more, or its
 * basis changed. Ephemeral, not a log event; `GET /orders/:id` always has the current one.
 */
export const orderEtaMessageSchema = z.object({ orderId: idSchema, eta: etaSchema.nullable() });
export type OrderEtaMessage = z.infer<typeof orderEtaMessageSchema>;

/** `availability` (partners → server): whether the partner takes offers now. */
export const availabilityMessageSchema = z.strictObject({ online: z.boolean() });
export type AvailabilityMessage = z.infer<typeof availabilityMessageSchema>;

/** `location` (partners → server): at most a few per second; extra ones are refused with `rate_limited`. */
export const locationMessageSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  heading: z.number().min(0).max(360).optional().describe('Degrees clockwise from north'),
  speed: z.number().min(0).max(100).optional().describe('Metres per second'),
  at: isoDateTimeSchema
    .optional()
    .describe(
      'When the position was taken, for one kept on the phone while offline (at most 24 h ago, at most 2 min ahead); by default when it arrives',
    ),
});
export type LocationMessage = z.infer<typeof locationMessageSchema>;

/** The acknowledgement of a client message (pass a callback as the last argument of `emit`). */
export const socketAckSchema = z.union([
  z.object({ ok: z.literal(true), online: z.boolean().optional() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(['validation_failed', 'forbidden', 'rate_limited', 'unavailable']),
      message: z.string(),
    }),
  }),
]);
export type SocketAck = z.infer<typeof socketAckSchema>;

/** Every message the server sends, by Socket.IO event name. */
export interface ServerToClientEvents {
  event: (event: RealtimeEvent) => void;
  resumed: (message: ResumedMessage) => void;
  'partner.location': (message: PartnerLocationMessage) => void;
  'offer.withdrawn': (message: OfferWithdrawnMessage) => void;
  'order.eta': (message: OrderEtaMessage) => void;
}

/** Every message a client may send, by Socket.IO event name. */
export interface ClientToServerEvents {
  availability: (message: AvailabilityMessage, ack?: (result: SocketAck) => void) => void;
  location: (message: LocationMessage, ack?: (result: SocketAck) => void) => void;
}
