import { type Address, MAX_SAVED_ADDRESSES } from '@swyft/contract';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors/app-error.js';
import type { Encryption } from '../platform/encryption.js';
import { countAddresses, insertAddress, lockAddressBook, type NewAddress } from './address-queries.js';

/**
 * A customer saves an address, at most MAX_SAVED_ADDRESSES of them (409 `too_many_addresses`). The count and
 * the insert run under a lock on the customer's row: two saves at once cannot both take the 20th place.
 */
export async function saveAddress(
  deps: { pool: Pool; encryption: Encryption },
  input: { customerId: string; address: NewAddress },
): Promise<Address> {
  return withTransaction(deps.pool, async (tx) => {
    if (!(await lockAddressBook(tx, input.customerId))) throw notFound('User');
    const saved = await countAddresses(tx, input.customerId);
    if (saved >= MAX_SAVED_ADDRESSES) {
      throw new AppError(
        'too_many_addresses',
        `You can save at most ${MAX_SAVED_ADDRESSES} addresses; remove one first`,
        { max: MAX_SAVED_ADDRESSES },
      );
    }
    return insertAddress(tx, deps.encryption, input.customerId, input.address);
  });
}
