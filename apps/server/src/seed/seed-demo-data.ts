import type { Role } from '@swyft/contract';
import { insertAddress } from '../addresses/address-queries.js';
import { hashPassword } from '../auth/passwords.js';
import { insertProducts } from '../catalog/product-queries.js';
import { setStockLevels } from '../catalog/stock-queries.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import type { Encryption } from '../platform/encryption.js';
import { assertValidArea } from '../stores/geometry.js';
import { findDefaultStore, insertStore, updateStore } from '../stores/store-queries.js';
import { findUserByEmail, insertUser } from '../users/user-queries.js';
import { demoCatalog } from './demo-catalog.js';
import { demoAddresses, demoStores } from './demo-city.js';
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
 * Seeds demo accounts, the demo catalog and a demo city (three stores with overlapping areas in Berlin, each
 * stocked; the demo customers' saved addresses) once per database. A marker row settles it: a second start,
 * or several nodes starting together, seed nothing again (even if an admin later deletes the demo data).
 * Without the city (`city: false`), the catalog is stocked at the default store, which keeps delivering
 * anywhere, as in the first wave (clients that send no location keep working).
 */
export async function seedDemoData(
  pool: Pool,
  encryption: Encryption,
  { city = true }: { city?: boolean } = {},
): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    if (!(await claimOnce(tx, 'demo_data_seeded'))) return false;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const account of demoAccounts) {
      if (await findUserByEmail(tx, account.email)) continue;
      const user = await insertUser(tx, { ...account, passwordHash });
      for (const address of demoAddresses[account.email] ?? []) await insertAddress(tx, encryption, user.id, address);
    }
    const productIds = await insertProducts(tx, demoCatalog);
    // The migration's default store becomes the first demo store, keeping its place as the default.
    const main = await findDefaultStore(tx);
    for (const [index, { stockShare, ...demo }] of (city ? demoStores : []).entries()) {
      assertValidArea(demo.deliveryArea, demo.name);
      const store = index === 0 && main ? await updateStore(tx, main.id, demo) : await insertStore(tx, demo);
      const stock = productIds.map((productId, line) => ({
        productId,
        stock: Math.round(demoCatalog[line]!.stock * stockShare),
      }));
      await setStockLevels(tx, store!.id, stock);
    }
    if (!city && main) {
      const stock = productIds.map((productId, line) => ({ productId, stock: demoCatalog[line]!.stock }));
      await setStockLevels(tx, main.id, stock);
    }
    return true;
  });
}
