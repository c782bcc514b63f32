import { z } from 'zod';
import { priceCentsSchema, stockSchema } from './catalog.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';
import { deliveryAreaSchema, locationSchema } from './geo.js';

export const MAX_PREP_MINUTES = 240;

export const storeSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    address: z.string(),
    location: locationSchema,
    deliveryArea: deliveryAreaSchema.nullable().describe('Where the store delivers; null delivers anywhere'),
    prepMinutes: z.number().int().describe('Minutes from placement until an order is ready to leave'),
    deliveryFeeCents: z.number().int().describe('Added to an order below `freeDeliveryFromCents`'),
    freeDeliveryFromCents: z
      .number()
      .int()
      .nullable()
      .describe('Items worth at least this are delivered free; null: never free'),
    minOrderCents: z.number().int().describe('Items worth less cannot be ordered (422 below_minimum_order)'),
    active: z.boolean(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Store' });
export type Store = z.infer<typeof storeSchema>;

export const storeResponseSchema = z.object({ store: storeSchema });
export type StoreResponse = z.infer<typeof storeResponseSchema>;

/** `GET /stores`: sorted by name; `all=true` (admins only) includes inactive stores. */
export const storesQuerySchema = pageQuerySchema.extend({ all: queryBooleanSchema.optional() });
export type StoresQuery = z.input<typeof storesQuerySchema>;

const storeNameSchema = textSchema().min(1).max(200);
const storeAddressSchema = textSchema({ multiline: true }).min(1).max(500);
const prepMinutesSchema = z.number().int().min(0).max(MAX_PREP_MINUTES);
/** Fees and thresholds of a store (second wave): cents, like prices. */
export const MAX_DELIVERY_FEE_CENTS = 100_000;
const deliveryFeeCentsSchema = z.number().int().min(0).max(MAX_DELIVERY_FEE_CENTS);

export const createStoreBodySchema = z.strictObject({
  name: storeNameSchema,
  address: storeAddressSchema,
  location: locationSchema,
  deliveryArea: deliveryAreaSchema.nullable().default(null),
  prepMinutes: prepMinutesSchema.default(10),
  deliveryFeeCents: deliveryFeeCentsSchema.default(0),
  freeDeliveryFromCents: priceCentsSchema.nullable().default(null),
  minOrderCents: priceCentsSchema.default(0),
});
export type CreateStoreBody = z.input<typeof createStoreBodySchema>;

export const updateStoreBodySchema = z
  .strictObject({
    name: storeNameSchema.optional(),
    address: storeAddressSchema.optional(),
    location: locationSchema.optional(),
    deliveryArea: deliveryAreaSchema.nullable().optional(),
    prepMinutes: prepMinutesSchema.optional(),
    deliveryFeeCents: deliveryFeeCentsSchema.optional(),
    freeDeliveryFromCents: priceCentsSchema.nullable().optional(),
    minOrderCents: priceCentsSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'name at least one field to change',
    path: [],
  });
export type UpdateStoreBody = z.input<typeof updateStoreBodySchema>;

export const storeIdParamsSchema = z.strictObject({ id: idSchema });

export const MAX_STOCK_ITEMS = 500;

export const storeStockItemSchema = z.object({ productId: idSchema, stock: z.number().int() });
export type StoreStockItem = z.infer<typeof storeStockItemSchema>;

/** `PUT /stores/:id/stock`: absolute levels, all or nothing; each product once. */
export const setStoreStockBodySchema = z.strictObject({
  items: z
    .array(z.strictObject({ productId: idSchema, stock: stockSchema }))
    .min(1)
    .max(MAX_STOCK_ITEMS)
    .superRefine((items, issue) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.productId)) {
          issue.addIssue({ code: 'custom', path: [index, 'productId'], message: 'appears more than once' });
        }
        seen.add(item.productId);
      });
    }),
});
export type SetStoreStockBody = z.input<typeof setStoreStockBodySchema>;
export const storeStockResponseSchema = z.object({ items: z.array(storeStockItemSchema) });
export type StoreStockResponse = z.infer<typeof storeStockResponseSchema>;

/** `GET /delivery-quote?lat=&lng=`: the store that would serve that point. */
export const deliveryQuoteSchema = z
  .object({
    store: storeSchema,
    distanceMeters: z.number().int().describe('Straight-line distance from the store to the point'),
    etaMinutes: z.number().int().describe('The estimate at placement if the order were placed now'),
    deliveryFeeCents: z.number().int().describe("The store's delivery fee (second wave)"),
    freeDeliveryFromCents: z.number().int().nullable().describe('Free delivery from this item total; null: never'),
    minOrderCents: z.number().int().describe('The smallest item total the store accepts'),
  })
  .meta({ id: 'DeliveryQuote' });
export type DeliveryQuote = z.infer<typeof deliveryQuoteSchema>;

/** Details of a 422 `outside_delivery_area`. */
export const outsideDeliveryAreaDetailsSchema = z.object({ location: locationSchema.optional() });

export const MAX_SAVED_ADDRESSES = 20;

export const addressSchema = z
  .object({
    id: idSchema,
    label: z.string(),
    line: z.string(),
    location: locationSchema,
    notes: z.string().nullable(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof addressSchema>;
export const addressResponseSchema = z.object({ address: addressSchema });
export const addressesResponseSchema = z.object({ items: z.array(addressSchema) });

const addressLabelSchema = textSchema().min(1).max(60);
const addressLineSchema = textSchema({ multiline: true }).min(1).max(500);
const addressNotesSchema = textSchema({ multiline: true }).max(500);

export const createAddressBodySchema = z.strictObject({
  label: addressLabelSchema,
  line: addressLineSchema,
  location: locationSchema,
  notes: addressNotesSchema.nullable().optional(),
});
export type CreateAddressBody = z.input<typeof createAddressBodySchema>;

export const updateAddressBodySchema = z
  .strictObject({
    label: addressLabelSchema.optional(),
    line: addressLineSchema.optional(),
    location: locationSchema.optional(),
    notes: addressNotesSchema.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'name at least one field to change',
    path: [],
  });
export type UpdateAddressBody = z.input<typeof updateAddressBodySchema>;
export const addressIdParamsSchema = z.strictObject({ id: idSchema });
