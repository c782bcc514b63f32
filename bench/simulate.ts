// `npm run simulate -- [URL] [--customers 20] [--partners 8] [--orders-per-minute 24] [--step-seconds 2]
//                      [--duration 0] [--admin-email admin@swyft.local --admin-password swyft-demo]`
// Traffic that makes the admin board and its live map come alive: customers who order from doors inside the
// stores' delivery areas, partners who race for offers, deliver and send positions along a street-like path
// from the store to the door. Only the public API and socket, like real clients.
import type { Page, Product, Store } from '@swyft/contract';
import { ApiClient } from './simulator/api-client.js';
import { SimulatedCustomer, watchCatalog } from './simulator/customer.js';
import { HandoverDesk } from './simulator/handover.js';
import { SimulatedPartner } from './simulator/partner.js';
import { SimulationStats } from './simulator/stats.js';
import { benchArgs } from './support/args.js';

const { values, positionals } = benchArgs(
  'Traffic for the admin board and its live map: customers ordering, partners delivering (npm run simulate -- [URL]).',
  {
    allowPositionals: true,
    options: {
      customers: { type: 'string', default: '20' },
      partners: { type: 'string', default: '8' },
      'orders-per-minute': { type: 'string', default: '24' },
      'step-seconds': { type: 'string', default: '2' },
      duration: { type: 'string', default: '0' },
      'admin-email': { type: 'string', default: 'admin@swyft.local' },
      'admin-password': { type: 'string', default: 'swyft-demo' },
      password: { type: 'string', default: 'simulated-password' },
    },
  },
);
const url = positionals[0] ?? 'http://localhost:3000';
const customers = Number(values.customers);
const partners = Number(values.partners);
const ordersPerMinute = Number(values['orders-per-minute']);
const stepS = Number(values['step-seconds']);
const durationS = Number(values.duration);
for (const [name, value] of Object.entries({ customers, partners, ordersPerMinute, stepS, durationS })) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: expected a number, got ${value}`);
}

const stats = new SimulationStats();
const started = performance.now();

/** Signs the simulated people in a few at a time (login is throttled per IP; the client waits when told). */
async function signInAll(role: 'customer' | 'partner', count: number): Promise<ApiClient[]> {
  const clients: ApiClient[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, async (_, j) => {
      const api = new ApiClient(url);
      await api.signIn({
        name: `Simulated ${role} ${i + j + 1}`,
        email: `sim-${role}-${i + j + 1}@swyft.sim`,
        password: values.password,
        role,
      });
      return api;
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** With an admin account, keeps every store's shelves stocked so that the demo runs for hours. */
async function startRestocking(): Promise<() => void> {
  const admin = new ApiClient(url);
  try {
    await admin.logIn(values['admin-email'], values['admin-password']);
  } catch {
    console.log('(no admin login: products that run out stay out of stock)');
    return () => {};
  }
  const timer = setInterval(async () => {
    const stores = await admin.get<Page<Store>>('/api/v1/stores?limit=100').catch(() => undefined);
    for (const store of stores?.body.items ?? []) {
      const res = await admin
        .get<Page<Product>>(`/api/v1/products?all=true&limit=100&storeId=${store.id}`)
        .catch(() => undefined);
      const low = (res?.body.items ?? []).filter((product) => product.active && product.stock < 5);
      if (low.length === 0) continue;
      const items = low.map((product) => ({ productId: product.id, stock: product.stock + 50 }));
      const put = await admin.put(`/api/v1/stores/${store.id}/stock`, { items });
      if (put.status === 200) stats.restocks += low.length;
    }
  }, 5_000);
  return () => clearInterval(timer);
}

console.log(
  `Simulating ${customers} customers and ${partners} partners against ${url} (~${ordersPerMinute} orders/min)`,
);
const [customerClients, partnerClients] = [
  await signInAll('customer', customers),
  await signInAll('partner', partners),
];
const catalog = await watchCatalog(customerClients[0] ?? new ApiClient(url), 3_000);
const stopRestocking = await startRestocking();
const meanIntervalS = ordersPerMinute > 0 ? (60 * customers) / ordersPerMinute : Number.POSITIVE_INFINITY;
const door = new HandoverDesk();
const simulatedPartners = partnerClients.map((api) => new SimulatedPartner(api, stats, stepS, catalog.stores, door));
const simulatedCustomers = customerClients.map(
  (api, index) => new SimulatedCustomer(api, stats, index, catalog, meanIntervalS, door),
);
for (const partner of simulatedPartners) partner.start();
for (const customer of simulatedCustomers) customer.start();

const interactive = process.stdout.isTTY;
const progress = setInterval(
  () => {
    const line = stats.line((performance.now() - started) / 1000);
    if (interactive) process.stdout.write(`\r${line}\x1b[K`);
    else console.log(line);
  },
  interactive ? 1_000 : 5_000,
);

let finishing = false;
async function finish(): Promise<void> {
  if (finishing) return;
  finishing = true;
  clearInterval(progress);
  stopRestocking();
  catalog.stop();
  for (const customer of simulatedCustomers) customer.stop();
  for (const partner of simulatedPartners) partner.stop();
  console.log(`\n${stats.line((performance.now() - started) / 1000)}`);
  for (const error of stats.recentErrors()) console.log(`  recent error: ${error}`);
  setTimeout(() => process.exit(0), 200);
}
process.on('SIGINT', finish);
process.on('SIGTERM', finish);
if (durationS > 0) setTimeout(finish, durationS * 1000);
