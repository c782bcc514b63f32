import { z } from 'zod';
import { idSchema, isoDateTimeSchema, textSchema } from './common.js';

export const roles = ['customer', 'partner', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;
/**
 * Who acted, as events and an order's timeline record it: an account's role, or `api_key` for a machine
 * client's key (then the actor's id is the key's id).
 */
export const actorRoles = [...roles, 'api_key'] as const;
export const actorRoleSchema = z.enum(actorRoles);
export type ActorRole = z.infer<typeof actorRoleSchema>;

export const emailSchema = z.email().max(254);
/** A password is text too (no NUL, no lone surrogate: two different strings must not hash alike), never trimmed. */
export const passwordSchema = textSchema({ trim: false }).min(8, 'must be at least 8 characters').max(256);
export const personNameSchema = textSchema().min(1).max(100);

export const userSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    createdAt: isoDateTimeSchema,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const registerBodySchema = z.strictObject({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(['customer', 'partner']).default('customer'),
  client: z.enum(['cookie', 'token']).default('cookie'),
});
export type RegisterBody = z.input<typeof registerBodySchema>;

export const loginBodySchema = z.strictObject({
  email: textSchema().min(1).max(254),
  password: textSchema({ trim: false }).min(1).max(256),
  client: z.enum(['cookie', 'token']).default('cookie'),
});
export type LoginBody = z.input<typeof loginBodySchema>;

/** Cookie clients send no body at all (Fastify hands the validator `null` then). */
export const refreshBodySchema = z
  .strictObject({ refreshToken: textSchema({ trim: false }).min(1).max(512).optional() })
  .nullish();

export const sessionResponseSchema = z.object({
  user: userSchema,
  accessToken: z.string().optional().describe('Only for `client: "token"`'),
  refreshToken: z.string().optional().describe('Only for `client: "token"`'),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const userResponseSchema = z.object({ user: userSchema });
export type UserResponse = z.infer<typeof userResponseSchema>;

export const updateMeBodySchema = z
  .strictObject({
    name: personNameSchema.optional(),
    password: passwordSchema.optional(),
    currentPassword: textSchema({ trim: false }).min(1).max(256).optional(),
  })
  .refine((b) => b.password === undefined || b.currentPassword !== undefined, {
    message: 'currentPassword is required to change the password',
    path: ['currentPassword'],
  });
export type UpdateMeBody = z.infer<typeof updateMeBodySchema>;

/** Names of the cookies and header of the browser session (API.md, Authentication and sessions). */
export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';
