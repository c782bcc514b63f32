import { z } from 'zod';
import { actorRoleSchema } from './auth.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema, textSchema } from './common.js';
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
    totalCents: z.number().int(),
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
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;

export const orderResponseSchema = z.object({ order: orderSchema });
export type OrderResponse = z.infer<typeof orderResponseSchema>;

export const MAX_ORDER_LINES = 50;
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
export const setOrderStatusBodySchema = z.strictObject({ status: orderStatusSchema });
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

/** `GET /admin/orders`: newest first; `from` inclusive, `to` exclusive, both on the placement time. */
export const adminOrdersQuerySchema = pageQuerySchema
  .extend({
    status: orderStatusSchema.optional(),
    partnerId: idSchema.optional(),
    customerId: idSchema.optional(),
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before `from`',
    path: ['to'],
  });
export type AdminOrdersQuery = z.input<typeof adminOrdersQuerySchema>;

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
  })
  .meta({ id: 'AdminStats' });
export type AdminStats = z.infer<typeof adminStatsSchema>;
