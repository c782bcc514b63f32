import { z } from 'zod';
import { idSchema, isoDateTimeSchema, pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';

/** Money is an integer count of the currency's minor unit (cents), never a float. */
export const MAX_PRICE_CENTS = 10_000_000;
export const MAX_STOCK = 1_000_000;

export const priceCentsSchema = z.number().int().min(0).max(MAX_PRICE_CENTS);
export const stockSchema = z.number().int().min(0).max(MAX_STOCK);
export const productNameSchema = textSchema().min(1).max(200);
export const productDescriptionSchema = textSchema({ multiline: true }).max(2000);

export const productSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string(),
    priceCents: z.number().int(),
    stock: z.number().int().describe('At the store named by `?storeId=`, else at the default store'),
    active: z.boolean(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

export const productResponseSchema = z.object({ product: productSchema });
export type ProductResponse = z.infer<typeof productResponseSchema>;

/** `GET /products`: sorted by name; `q` searches names; `all=true` (admins only) includes inactive products. */
export const productsQuerySchema = pageQuerySchema.extend({
  q: textSchema().min(1).max(100).optional(),
  all: queryBooleanSchema.optional(),
  storeId: idSchema.optional().describe('Whose stock `stock` is; the default store when absent'),
});
export type ProductsQuery = z.input<typeof productsQuerySchema>;

export const createProductBodySchema = z.strictObject({
  name: productNameSchema,
  description: productDescriptionSchema.default(''),
  priceCents: priceCentsSchema,
  stock: stockSchema.default(0),
  active: z.boolean().default(true),
});
export type CreateProductBody = z.input<typeof createProductBodySchema>;

export const updateProductBodySchema = z
  .strictObject({
    name: productNameSchema.optional(),
    description: productDescriptionSchema.optional(),
    priceCents: priceCentsSchema.optional(),
    stock: stockSchema.optional().describe('The new stock level (absolute, not a delta)'),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'name at least one field to change',
    path: [],
  });
export type UpdateProductBody = z.input<typeof updateProductBodySchema>;

/** `GET /products/:id?storeId=`. */
export const productQuerySchema = z.strictObject({ storeId: idSchema.optional() });
export type ProductQuery = z.input<typeof productQuerySchema>;

export const productIdParamsSchema = z.strictObject({ id: idSchema });
