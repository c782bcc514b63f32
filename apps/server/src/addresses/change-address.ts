import type { Address } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import type { Encryption } from '../platform/encryption.js';
import { deleteAddress, listAddresses, type NewAddress, updateAddress } from './address-queries.js';

/**
 * A customer's own addresses. Every query is scoped to the owner: someone else's address is a 404, the same
 * answer as one that does not exist.
 */
export function listMyAddresses(
  deps: { pool: Queryable; encryption: Encryption },
  input: { customerId: string },
): Promise<Address[]> {
  return listAddresses(deps.pool, deps.encryption, input.customerId);
}

export async function changeAddress(
  deps: { pool: Queryable; encryption: Encryption },
  input: { customerId: string; addressId: string; changes: Partial<NewAddress> },
): Promise<Address> {
  const address = await updateAddress(deps.pool, deps.encryption, input.customerId, input.addressId, input.changes);
  if (!address) throw notFound('Address');
  return address;
}

export async function removeAddress(
  deps: { pool: Queryable },
  input: { customerId: string; addressId: string },
): Promise<void> {
  if (!(await deleteAddress(deps.pool, input.customerId, input.addressId))) throw notFound('Address');
}
