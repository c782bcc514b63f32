import { z } from 'zod';
import { idSchema, isoDateTimeSchema, textSchema } from './common.js';

/** What a key may do (API.md, API keys): each route that machine clients may call names one of these. */
export const apiKeyScopes = ['orders:read', 'orders:write', 'stock:write', 'catalog:write', 'events:read'] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** Every secret starts with this, so the server (and a secret scanner) tells a key from a JWT at a glance. */
export const API_KEY_SECRET_PREFIX = 'sk_';

export const apiKeySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    scopes: z.array(apiKeyScopeSchema),
    prefix: z.string().describe('The first characters of the secret, to recognise a key by; never the secret'),
    createdAt: isoDateTimeSchema,
    lastUsedAt: isoDateTimeSchema.nullable().describe('Kept to within a few seconds'),
    revokedAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyBodySchema = z.strictObject({
  name: textSchema().min(1).max(100),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'must name at least one scope')
    .max(apiKeyScopes.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not name a scope twice'),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;

export const createApiKeyResponseSchema = z.object({
  apiKey: apiKeySchema,
  secret: z.string().describe('`sk_` and 32 random bytes, base64url: shown only in this answer, stored only as a hash'),
});
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponseSchema>;

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyIdParamsSchema = z.strictObject({ id: idSchema });
