import { z } from 'zod';
import { idSchema, isoDateTimeSchema, pageQuerySchema, queryBooleanSchema, textSchema } from './common.js';

/** Money is an integer count of the currency's minor unit (cents), never a float. */
export const MAX_PRICE_CENTS = 10_000_000;
export const MAX_STOCK = 1_000_000;

export const priceCentsSchema = z.number().int().min(0).max(MAX_PRICE_CENTS);
export const stockSchema = z.number().int().min(0).max(MAX_STOCK);
export const productNameSchema = textSchema().min(1).max(200);
export const productDescriptionSchema = textSchema({ multiline: true }).max(2000);
/** A product's category (second wave): one line, as an admin writes it ("Bakery", "Fruit"). */
export const productCategorySchema = textSchema().min(1).max(60);

/** `PUT /products/:id/image` (second wave): the image itself as the body, one of these types, at most 5 MB. */
export const productImageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PRODUCT_IMAGE_BYTES = 5 * 1024 * 1024;
/** Stored images are re-encoded and at most this wide. */
export const MAX_PRODUCT_IMAGE_WIDTH = 800;

export const productSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    description: z.string(),
    priceCents: z.number().int(),
    stock: z.number().int().describe('At the store named by `?storeId=`, else at the default store'),
    active: z.boolean(),
    category: z.string().nullable().describe('Null when the product has none'),
    imageUrl: z
      .string()
      .nullable()
      .describe('The re-encoded photo (its URL changes with it, so it may be cached for ever); null without one'),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

export const productResponseSchema = z.object({ product: productSchema });
export type ProductResponse = z.infer<typeof productResponseSchema>;

/**
 * `GET /products`: sorted by name; `q` searches names, descriptions and categories and tolerates a typo (the
 * best matches first); `category` keeps one category (exact, case-insensitive); `all=true` (admins only)
 * includes inactive products.
 */
export const productsQuerySchema = pageQuerySchema.extend({
  q: textSchema().min(1).max(100).optional(),
  category: productCategorySchema.optional(),
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
  category: productCategorySchema.nullable().default(null),
});
export type CreateProductBody = z.input<typeof createProductBodySchema>;

export const updateProductBodySchema = z
  .strictObject({
    name: productNameSchema.optional(),
    description: productDescriptionSchema.optional(),
    priceCents: priceCentsSchema.optional(),
    stock: stockSchema.optional().describe('The new stock level (absolute, not a delta)'),
    active: z.boolean().optional(),
    category: productCategorySchema.nullable().optional(),
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

/** `GET /categories` (second wave): the categories of active products, sorted by name. */
export const categorySchema = z
  .object({ name: z.string(), productCount: z.number().int().describe('Active products in it') })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof categorySchema>;
export const categoriesResponseSchema = z.object({ items: z.array(categorySchema) });
export type CategoriesResponse = z.infer<typeof categoriesResponseSchema>;
