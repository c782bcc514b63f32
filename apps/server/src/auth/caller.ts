import type { Role } from '@swyft/contract';

/**
 * Who is acting, as the domain sees it: an account and its role (read from the account, not from the token).
 * The HTTP and socket layers build it from what authenticated the request; use cases never see how.
 */
export interface Caller {
  id: string;
  role: Role;
}
