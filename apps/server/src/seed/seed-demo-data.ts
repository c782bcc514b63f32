import type { Role } from '@swyft/contract';
import { hashPassword } from '../auth/passwords.js';
import { insertProducts } from '../catalog/product-queries.js';
import { findDefaultStoreId, setStockLevels } from '../catalog/stock-queries.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { findUserByEmail, insertUser } from '../users/user-queries.js';
import { demoCatalog } from './demo-catalog.js';
import { claimOnce } from './seed-queries.js';

export const DEMO_PASSWORD = 'swyft-demo';

export const demoAccounts: { email: string; name: string; role: Role }[] = [
  { email: 'admin@swyft.local', name: 'Ada Admin', role: 'admin' },
  { email: 'customer@swyft.local', name: 'Chloe Customer', role: 'customer' },
  { email: 'customer2@swyft.local', name: 'Carlos Customer', role: 'customer' },
  { email: 'partner@swyft.local', name: 'Priya Partner', role: 'partner' },
  { email: 'partner2@swyft.local', name: 'Pavel Partner', role: 'partner' },
  { email: 'partner3@swyft.local', name: 'Paula Partner', role: 'partner' },
];

/**
 * Seeds demo accounts and the demo catalog once per database. A marker row settles it: a second start,
 * or several nodes starting together, seed nothing again (even if an admin later deletes the demo data).
 */
export async function seedDemoData(pool: Pool): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    if (!(await claimOnce(tx, 'demo_data_seeded'))) return false;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const account of demoAccounts) {
      if (!(await findUserByEmail(tx, account.email))) await insertUser(tx, { ...account, passwordHash });
    }
    const productIds = await insertProducts(tx, demoCatalog);
    const storeId = await findDefaultStoreId(tx);
    if (storeId) {
      await setStockLevels(
        tx,
        storeId,
        productIds.map((productId, index) => ({ productId, stock: demoCatalog[index]!.stock })),
      );
    }
    return true;
  });
}
