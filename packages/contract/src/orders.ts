import { z } from 'zod';
import { actorRoleSchema } from './auth.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';
import { locationSchema } from './geo.js';
import { orderStatuses } from './order-rules.js';

export const orderStatusSchema = z.enum(orderStatuses);

export const paymentMethods = ['cash_on_delivery', 'prepaid'] as const;
export const paymentMethodSchema = z.enum(paymentMethods);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const paymentStatuses = ['pending', 'paid', 'refunded'] as const;
export const paymentStatusSchema = z.enum(paymentStatuses);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** A line of an order; name and price are copied at placement, so a later product edit does not change it. */
export const orderItemSchema = z
  .object({
    productId: idSchema,
    name: z.string(),
    priceCents: z.number().int(),
    quantity: z.number().int(),
  })
  .meta({ id: 'OrderItem' });
export type OrderItem = z.infer<typeof orderItemSchema>;

export const timelineEntrySchema = z
  .object({
    status: orderStatusSchema,
    at: isoDateTimeSchema,
    actorId: idSchema,
    actorRole: actorRoleSchema,
    recordedAt: isoDateTimeSchema
      .optional()
      .describe(
        'When the server recorded the step; `at` is when it was made (the `actedAt` sent, never before the previous entry)',
      ),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** API.md, "Delivery estimate": while the order is active, when it should arrive and on what basis. */
export const etaSchema = z
  .object({
    deliverBy: isoDateTimeSchema,
    minutes: z.number().int().describe('Minutes from now (or from placement, for `estimate`) until deliverBy'),
    basis: z.enum(['estimate', 'live']),
    positionAt: isoDateTimeSchema.nullable().describe('The partner position a live estimate is based on'),
  })
  .meta({ id: 'Eta' });
export type Eta = z.infer<typeof etaSchema>;

/** API.md, Dispatch: the offer an offered partner sees while its wave lasts. */
export const orderOfferSchema = z
  .object({
    wave: z.number().int().min(1),
    expiresAt: isoDateTimeSchema,
    distanceMeters: z.number().int().describe('From your latest position to the store'),
  })
  .meta({ id: 'OrderOffer' });
export type OrderOffer = z.infer<typeof orderOfferSchema>;

export const MAX_RATING_COMMENT_LENGTH = 1000;
export const orderRatingSchema = z
  .object({ stars: z.number().int().min(1).max(5), comment: z.string().nullable() })
  .meta({ id: 'OrderRating' });
export type OrderRating = z.infer<typeof orderRatingSchema>;

/** `POST /orders/:id/rating`: the order's customer, once it is delivered, once. */
export const rateOrderBodySchema = z.strictObject({
  stars: z.number().int().min(1).max(5),
  comment: textSchema({ multiline: true }).max(MAX_RATING_COMMENT_LENGTH).nullable().optional(),
});
export type RateOrderBody = z.input<typeof rateOrderBodySchema>;
/** API.md, "Proof of delivery": 4 digits the customer tells the partner at the door. */
export const handoverCodeSchema = z.string().regex(/^[0-9]{4}$/, 'must be 4 digits');

/** The most wrong handover codes an order takes; the next try answers 409 `handover_locked`. */
export const MAX_HANDOVER_ATTEMPTS = 5;
/** A delivery whose partner was farther than this from the destination is flagged. */
export const DELIVERY_FLAG_DISTANCE_METERS = 250;
/** `actedAt` may be at most this far back, and at most `MAX_ACTED_AT_AHEAD_MS` ahead of the server's clock. */
export const MAX_ACTED_AT_AGE_MS = 24 * 60 * 60 * 1000;
export const MAX_ACTED_AT_AHEAD_MS = 2 * 60 * 1000;

export const orderStoreSchema = z
  .object({ id: idSchema, name: z.string(), location: locationSchema })
  .meta({ id: 'OrderStore' });

export const orderSchema = z
  .object({
    id: idSchema,
    customerId: idSchema,
    partnerId: idSchema.nullable(),
    partner: z
      .object({ id: idSchema, name: z.string() })
      .nullable()
      .describe('The partner holding the order (their name, for the customer), or null while it is an offer'),
    status: orderStatusSchema,
    items: z.array(orderItemSchema),
    itemsCents: z.number().int().describe('The sum of the lines (second wave)'),
    deliveryFeeCents: z.number().int().describe("The store's fee, 0 from its free-delivery threshold"),
    tipCents: z.number().int(),
    totalCents: z.number().int().describe('itemsCents + deliveryFeeCents + tipCents'),
    rating: orderRatingSchema.nullable().describe("The customer's rating once given"),
    customerName: z.string().optional().describe('Admin answers only'),
    customerEmail: z.string().optional().describe('Admin answers only'),
    partnerName: z.string().nullable().optional().describe('Admin answers only; null without a partner'),
    address: z.string(),
    store: orderStoreSchema.describe('The dark store that serves the order'),
    destination: locationSchema.nullable().describe('Where to deliver; null for an order placed without a location'),
    eta: etaSchema.nullable().describe('While the order is active; null once it is finished'),
    offer: orderOfferSchema
      .nullable()
      .optional()
      .describe('Present only for a partner the order is offered to, while the wave lasts'),
    payment: z.object({ method: paymentMethodSchema, status: paymentStatusSchema }),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    timeline: z.array(timelineEntrySchema).describe('Every status the order has had, oldest first'),
    handoverCode: handoverCodeSchema
      .nullable()
      .optional()
      .describe(
        "Only in the customer's own views (`GET /orders/:id`, `GET /orders/my`): the code to tell the partner at the " +
          'door while the order is active, null once it is finished; absent from every other answer and every event',
      ),
    deliveryFlagged: z
      .boolean()
      .optional()
      .describe('Present (true) on a delivered order whose partner was more than 250 m from the destination'),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;

export const orderResponseSchema = z.object({ order: orderSchema });
export type OrderResponse = z.infer<typeof orderResponseSchema>;

export const MAX_ORDER_LINES = 50;
export const MAX_TIP_CENTS = 10_000;
export const MAX_LINE_QUANTITY = 999;

/**
 * `POST /orders`. Prices and totals are the server's: a body that carries `priceCents` or `totalCents` (or any
 * other unknown field) is a 400. Each product appears in one line only.
 */
export const placeOrderBodySchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        productId: idSchema,
        quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
      }),
    )
    .min(1)
    .max(MAX_ORDER_LINES)
    .superRefine((items, issue) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.productId)) {
          issue.addIssue({
            code: 'custom',
            path: [index, 'productId'],
            message: 'appears in more than one line; put the whole quantity in one line',
          });
        }
        seen.add(item.productId);
      });
    }),
  address: textSchema({ multiline: true }).min(1).max(500),
  location: locationSchema
    .optional()
    .describe('The delivery point; required unless the default store delivers anywhere'),
  storeId: idSchema.optional().describe('A store that serves `location`; by default the nearest one that does'),
  paymentMethod: paymentMethodSchema.default('cash_on_delivery'),
  tipCents: z.number().int().min(0).max(MAX_TIP_CENTS).default(0).describe("The partner's tip, in cents"),
});
export type PlaceOrderBody = z.input<typeof placeOrderBodySchema>;

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Printable ASCII, at most 255 characters; a UUID per user action is the usual choice. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-255 printable ASCII characters without spaces');

/** The header of every unsafe order route: the same key with the same request within 24 h answers the first answer. */
export const idempotencyHeadersSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema.optional() });

/** `PATCH /orders/:id/status`. Which moves a caller may make is the server's state machine's answer. */
export const setOrderStatusBodySchema = z.strictObject({
  status: orderStatusSchema,
  handoverCode: handoverCodeSchema
    .optional()
    .describe('`delivered` by a partner: the code the customer shows (API.md, Proof of delivery)'),
  actedAt: isoDateTimeSchema
    .optional()
    .describe('When the partner made the step (at most 24 h ago, at most 2 min ahead); by default now'),
});
export type SetOrderStatusBody = z.infer<typeof setOrderStatusBodySchema>;

/** `PATCH /admin/orders/:id/assign`: a placed order goes to this partner. */
export const assignOrderBodySchema = z.strictObject({ partnerId: idSchema });
export type AssignOrderBody = z.infer<typeof assignOrderBodySchema>;

export const orderIdParamsSchema = z.strictObject({ id: idSchema });

/** Details of a 409 `invalid_transition`: the moves this caller may make from the current status. */
export const invalidTransitionDetailsSchema = z.object({
  status: orderStatusSchema,
  requested: orderStatusSchema,
  allowed: z.array(orderStatusSchema),
});
export type InvalidTransitionDetails = z.infer<typeof invalidTransitionDetailsSchema>;

/** Details of a 422 `handover_code_invalid`: how many wrong codes may still be sent before the order locks. */
export const handoverCodeInvalidDetailsSchema = z.object({ attemptsLeft: z.number().int().min(0) });
export type HandoverCodeInvalidDetails = z.infer<typeof handoverCodeInvalidDetailsSchema>;

/** `order.delivered`'s `data.proof`: the partner's latest position against the destination at handover. */
export const deliveryProofSchema = z
  .object({
    codeChecked: z.boolean().describe('The partner gave the right handover code (false: admin, or HANDOVER_CODE=off)'),
    distanceMeters: z.number().int().nullable().describe('From the partner to the destination; null when unknown'),
    positionAt: isoDateTimeSchema.nullable().describe('When that position was taken'),
    flagged: z.literal(true).optional().describe('Present when distanceMeters is over 250'),
  })
  .meta({ id: 'DeliveryProof' });
export type DeliveryProof = z.infer<typeof deliveryProofSchema>;

/** Details of a 409 `insufficient_stock`: every short line (nothing was taken). */
export const insufficientStockDetailsSchema = z.object({
  lines: z.array(
    z.object({
      index: z.number().int().describe('Position of the line in the request'),
      productId: idSchema,
      requested: z.number().int(),
      available: z.number().int().describe('0 when the product is unknown or no longer sold'),
      reason: z.enum(['insufficient_stock', 'not_found', 'inactive']),
    }),
  ),
});
export type InsufficientStockDetails = z.infer<typeof insufficientStockDetailsSchema>;

/** Details of a 422 `below_minimum_order`: the serving store's minimum and the order's items. */
export const belowMinimumOrderDetailsSchema = z.object({
  minOrderCents: z.number().int(),
  itemsCents: z.number().int(),
});
export type BelowMinimumOrderDetails = z.infer<typeof belowMinimumOrderDetailsSchema>;

/**
 * `GET /admin/orders` (and `/admin/orders/export`): newest first; `from` inclusive, `to` exclusive, both on the
 * placement time; `q` finds the customer's name or email, or an order by the first 8 characters of its id (or
 * more).
 */
const adminOrderFilters = {
  q: textSchema().min(1).max(100).optional(),
  status: orderStatusSchema.optional(),
  partnerId: idSchema.optional(),
  customerId: idSchema.optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  flagged: queryBooleanSchema
    .optional()
    .describe('true: only deliveries flagged in their proof (partner over 250 m away); false: only the others'),
};
const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);
const fromNotAfterToIssue = { message: 'must not be before `from`', path: ['to'] };

export const adminOrdersQuerySchema = pageQuerySchema
  .extend(adminOrderFilters)
  .refine(fromNotAfterTo, fromNotAfterToIssue);
export type AdminOrdersQuery = z.input<typeof adminOrdersQuerySchema>;

/** `GET /admin/orders/export`: the filters of `/admin/orders`, every matching order (text/csv). */
export const adminOrdersExportQuerySchema = z
  .strictObject(adminOrderFilters)
  .refine(fromNotAfterTo, fromNotAfterToIssue);
export type AdminOrdersExportQuery = z.input<typeof adminOrdersExportQuerySchema>;
/** The columns of the export, in order. */
export const adminOrdersExportColumns = [
  'id',
  'createdAt',
  'status',
  'customerName',
  'customerEmail',
  'partnerName',
  'store',
  'address',
  'itemsCents',
  'deliveryFeeCents',
  'tipCents',
  'totalCents',
  'paymentMethod',
  'paymentStatus',
] as const;

export const LOW_STOCK_THRESHOLD = 5;

export const periodTotalsSchema = z
  .object({
    placedOrders: z.number().int(),
    deliveredOrders: z.number().int(),
    cancelledOrders: z.number().int(),
    revenueCents: z.number().int().describe('Totals of the delivered ones'),
    tipsCents: z.number().int(),
    averageOrderCents: z.number().int().nullable().describe('Of the delivered ones; null when none'),
  })
  .meta({ id: 'PeriodTotals' });
export type PeriodTotals = z.infer<typeof periodTotalsSchema>;

/** An IANA time zone name ("Europe/Berlin", "UTC"). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  // A name, not an offset: PostgreSQL reads "+05:00" as POSIX does, east and west swapped.
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone name such as Europe/Berlin')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known IANA time zone');

/**
 * `GET /admin/stats?from=&to=&tz=`: the period's figures; by default today (midnight to midnight) in `tz`
 * (default UTC). `from` inclusive, `to` exclusive.
 */
export const adminStatsQuerySchema = z
  .strictObject({
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
    tz: timeZoneSchema.default('UTC'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'must be after `from`',
    path: ['to'],
  });
export type AdminStatsQuery = z.input<typeof adminStatsQuerySchema>;

/** `GET /admin/stats`: live figures, computed on request. */
export const adminStatsSchema = z
  .object({
    generatedAt: isoDateTimeSchema,
    ordersByStatus: z.record(orderStatusSchema, z.number().int()).describe('Every status, zero included'),
    ordersPerMinute: z
      .array(z.object({ minute: isoDateTimeSchema, count: z.number().int() }))
      .describe('Orders placed in each of the last 60 minutes (the current one last), zero included'),
    deliveryTime: z
      .object({
        windowHours: z.number().int(),
        deliveredOrders: z.number().int(),
        medianSeconds: z.number().nullable(),
        p90Seconds: z.number().nullable(),
      })
      .describe('Time from placed to delivered, over orders delivered in the window; null when none'),
    partners: z.object({
      online: z.number().int(),
      busy: z.number().int().describe('Partners holding at least one active order'),
    }),
    revenueToday: z
      .object({
        since: isoDateTimeSchema.describe('Midnight UTC'),
        totalCents: z.number().int(),
        deliveredOrders: z.number().int(),
      })
      .describe('Totals of the orders delivered since midnight UTC'),
    period: z
      .object({ from: isoDateTimeSchema, to: isoDateTimeSchema, tz: z.string(), totals: periodTotalsSchema })
      .describe('The asked period (default: today in `tz`), orders placed in it'),
    previous: z
      .object({ from: isoDateTimeSchema, to: isoDateTimeSchema, totals: periodTotalsSchema })
      .describe('The period of the same length just before, for trends'),
    salesByProduct: z
      .array(
        z.object({
          productId: idSchema,
          name: z.string(),
          quantity: z.number().int(),
          revenueCents: z.number().int(),
        }),
      )
      .describe('Delivered orders of the period, by product, best-selling first (at most 50)'),
    lowStock: z
      .array(
        z.object({
          storeId: idSchema,
          storeName: z.string(),
          productId: idSchema,
          productName: z.string(),
          stock: z.number().int(),
        }),
      )
      .describe(
        `Active products at active stores with at most ${LOW_STOCK_THRESHOLD} left, lowest first (at most 100)`,
      ),
  })
  .meta({ id: 'AdminStats' });
export type AdminStats = z.infer<typeof adminStatsSchema>;
