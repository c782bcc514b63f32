import type { ActorRole } from '@swyft/contract';

/**
 * Who is acting, as the domain sees it: an account and its role (read from the account, not from the token),
 * or a machine client's API key (`role: "api_key"`, `id` the key's), which the transport lets through only
 * to the routes of its scopes and which reaches there as far as an admin does. The HTTP and socket layers
 * build it from what authenticated the request; use cases never see how.
 */
export interface Caller {
  id: string;
  role: ActorRole;
}
