import { Bike, House, Store as StoreIcon } from 'lucide-react';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { api } from '../api/swyft-api';
import { type Order, orderStatuses } from '../api/types';
import { shortId, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { LoadingState, ResourceView } from '../components/states';
import { Card, PageTitle } from '../components/ui';
import { useNow } from '../lib/use-now';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { isFinished, statusLabel } from '../state/order-status';
import { CandidateList, useDispatchFromLog, usePartners, WaveLine } from './dispatch-status';
import {
  EXHAUSTED_COLOUR,
  liveMapModel,
  PARTNER_COLOUR,
  PARTNER_FRESH_MS,
  STORE_COLOUR,
  statusMarkerColour,
} from './live/live-model';
import { loadAllStores } from './stores/store-data';

const LiveMap = lazy(() => import('./live/live-map'));

/** The orders still moving, every page of each status (the board loads only the first 100 of each). */
async function loadActiveOrders(): Promise<Order[]> {
  const statuses = orderStatuses.filter((status) => !isFinished(status));
  const pages = await Promise.all(
    statuses.map(async (status) => {
      const orders: Order[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.admin.orders({ status, limit: 100, ...(cursor ? { cursor } : {}) });
        orders.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && orders.length < 1000);
      return orders;
    }),
  );
  return pages.flat();
}

/** `/admin/live-map`: partners and active orders on a map, kept current by the socket, with the same as text. */
export function LiveMapPage() {
  useDocumentTitle('Live map');
  const { live, dispatch, resyncVersion } = useRealtime();
  const orders = useResource(loadActiveOrders, [resyncVersion]);
  const stores = useResource(loadAllStores, []);
  const now = useNow(10_000);
  const loaded = orders.status === 'ready' ? orders.data : null;
  useEffect(() => {
    if (loaded) dispatch({ type: 'orders-loaded', orders: loaded });
  }, [loaded, dispatch]);
  const model = liveMapModel(live.orders, live.locations, orderStatuses, now);
  const activeTotal = model.counts.reduce((sum, c) => sum + c.total, 0);
  const partners = usePartners();
  const placed = Object.values(live.orders)
    .filter((order) => order.status === 'placed')
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  useDispatchFromLog(placed, live.dispatch, dispatch);

  return (
    <div className="space-y-4">
      <PageTitle>Live map</PageTitle>
      <ResourceView resource={orders} errorTitle="Could not load the active orders">
        {() => (
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
            <div className="space-y-2">
              <Suspense fallback={<LoadingState rows={1} label="Loading the map…" />}>
                <LiveMap
                  model={model}
                  stores={stores.status === 'ready' ? stores.data.filter((s) => s.active) : []}
                  dispatch={live.dispatch}
                  className="h-96 sm:h-[32rem] xl:h-[40rem]"
                />
              </Suspense>
              <Legend />
            </div>
            <div className="space-y-4">
              <Card className="p-4">
                <h2 className="mb-2 text-sm font-bold text-fg">
                  {activeTotal} active {activeTotal === 1 ? 'order' : 'orders'}
                </h2>
                <table className="w-full text-sm">
                  <caption className="sr-only">Active orders by status</caption>
                  <thead className="text-left text-xs text-fg-muted">
                    <tr>
                      <th scope="col" className="py-1 font-semibold">
                        Status
                      </th>
                      <th scope="col" className="py-1 text-right font-semibold">
                        On the map
                      </th>
                      <th scope="col" className="py-1 text-right font-semibold">
                        All
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {model.counts.map(({ status, onMap, total }) => (
                      <tr key={status} data-status={status}>
                        <th scope="row" className="py-1 text-left font-medium text-fg">
                          <span className="flex items-center gap-2">
                            <Swatch colour={statusMarkerColour[status]} />
                            {statusLabel[status]}
                          </span>
                        </th>
                        <td className="py-1 text-right tabular-nums text-fg">{onMap}</td>
                        <td className="py-1 text-right tabular-nums text-fg">{total}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {model.unmapped.length > 0 && (
                  <p className="mt-2 text-xs text-fg-muted">
                    {model.unmapped.length} without a destination on the map (placed without a location).
                  </p>
                )}
              </Card>
              <Card className="p-4">
                <h2 className="mb-2 text-sm font-bold text-fg">{placed.length} waiting for a partner</h2>
                {placed.length === 0 ? (
                  <p className="text-sm text-fg-muted">Every placed order has a partner.</p>
                ) : (
                  <ul aria-label="Waiting for a partner" className="max-h-96 space-y-2 overflow-y-auto text-sm">
                    {placed.map((order) => {
                      const orderDispatch = live.dispatch[order.id];
                      const exhausted = orderDispatch?.opened === 'waves_exhausted';
                      return (
                        <li
                          key={order.id}
                          data-waiting-order-id={order.id}
                          className={`rounded-lg p-2 ${exhausted ? 'border-2 border-danger' : 'border border-border'}`}
                        >
                          <span className="flex justify-between gap-2 text-fg">
                            <span className="font-medium">{shortId(order.id)}</span>
                            <span className="text-xs text-fg-muted">{timeAgo(order.createdAt, now)}</span>
                          </span>
                          <span className="block truncate text-xs text-fg-muted">{order.address}</span>
                          {orderDispatch && (
                            <>
                              <WaveLine dispatch={orderDispatch} />
                              <CandidateList dispatch={orderDispatch} partners={partners} compact />
                            </>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </Card>
              <Card className="p-4">
                <h2 className="mb-2 text-sm font-bold text-fg" data-testid="partners-online">
                  {model.partners.length} {model.partners.length === 1 ? 'partner' : 'partners'} online
                </h2>
                <p className="mb-2 text-xs text-fg-muted">
                  Partners whose position came in the last {PARTNER_FRESH_MS / 60_000} minutes.
                </p>
                {model.partners.length > 0 && (
                  <ul aria-label="Partners online" className="space-y-1 text-sm">
                    {model.partners.map(({ location, name, order }) => (
                      <li key={location.partnerId} data-partner-id={location.partnerId} className="text-fg">
                        <span className="font-medium">{name ?? `Partner ${shortId(location.partnerId)}`}</span>
                        <span className="text-fg-muted">
                          {' '}
                          · {order ? `order ${shortId(order.id)}, ${statusLabel[order.status].toLowerCase()}` : 'free'}{' '}
                          · {timeAgo(location.at, now)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
              <Card className="p-4">
                <h2 className="mb-2 text-sm font-bold text-fg">Orders on the map</h2>
                {model.mapped.length === 0 ? (
                  <p className="text-sm text-fg-muted">No active order right now.</p>
                ) : (
                  <ul aria-label="Orders on the map" className="max-h-80 space-y-1 overflow-y-auto text-sm">
                    {model.mapped.map((order) => (
                      <li key={order.id} data-order-id={order.id} className="flex items-center gap-2 text-fg">
                        <Swatch colour={statusMarkerColour[order.status]} />
                        <span className="font-medium">{shortId(order.id)}</span>
                        <span className="min-w-0 truncate text-fg-muted">
                          {statusLabel[order.status]} · {order.address}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </div>
          </div>
        )}
      </ResourceView>
    </div>
  );
}

function Swatch({ colour }: { colour: string }) {
  return (
    <span aria-hidden="true" className="inline-block size-3 shrink-0 rounded-full" style={{ background: colour }} />
  );
}

function Legend() {
  const statuses = orderStatuses.filter((status) => !isFinished(status));
  return (
    <ul aria-label="Map legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted">
      <li className="flex items-center gap-1.5">
        <LegendDisc colour={PARTNER_COLOUR} icon={<Bike className="size-3" />} /> Partner
      </li>
      <li className="flex items-center gap-1.5">
        <LegendDisc colour={STORE_COLOUR} icon={<StoreIcon className="size-3" />} /> Store
      </li>
      {statuses.map((status) => (
        <li key={status} className="flex items-center gap-1.5">
          <LegendDisc colour={statusMarkerColour[status]} icon={<House className="size-3" />} />
          {statusLabel[status]}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <LegendDisc colour={EXHAUSTED_COLOUR} icon={<House className="size-3" />} /> No partner took it (open to all)
      </li>
    </ul>
  );
}

function LegendDisc({ colour, icon }: { colour: string; icon: ReactNode }) {
  return (
    <span
      aria-hidden="true"
      className="grid size-5 place-items-center rounded-full text-white"
      style={{ background: colour }}
    >
      {icon}
    </span>
  );
}
