import { Download, ReceiptText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api } from '../api/swyft-api';
import { type AdminOrdersQuery, type OrderStatus, orderStatuses } from '../api/types';
import { DataTable } from '../components/data-table';
import { inputClassName, selectClass } from '../components/field';
import { formatDateTime, formatMoney, shortId } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { StatusBadge } from '../components/status-badge';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { statusLabel } from '../state/order-status';
import { Age } from './age';
import { OrderDrawer } from './order-drawer';
import { PagerFooter, useCursorPages } from './pager';

interface Filters {
  q: string;
  status: OrderStatus | '';
  customerId: string;
  partnerId: string;
  from: string;
  to: string;
}
const noFilters: Filters = { q: '', status: '', customerId: '', partnerId: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What people read out ("#1A2B3C4D") is the id's start: without the "#", in lower case. */
function searchText(text: string): string {
  const trimmed = text.trim();
  const id = /^#?([0-9a-f-]{6,36})$/i.exec(trimmed);
  return id?.[1] ? id[1].toLowerCase() : trimmed;
}

function filterQuery(filters: Filters): Omit<AdminOrdersQuery, 'limit' | 'cursor'> {
  return {
    ...(searchText(filters.q) ? { q: searchText(filters.q) } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.partnerId ? { partnerId: filters.partnerId } : {}),
    ...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
    ...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
  };
}

function toQuery(filters: Filters, cursor: string | undefined): AdminOrdersQuery {
  return { limit: 25, ...(cursor ? { cursor } : {}), ...filterQuery(filters) };
}

/** `GET /admin/orders/export` with the applied filters: the browser downloads it with the session cookie. */
function exportHref(filters: Filters): string {
  const params = new URLSearchParams(filterQuery(filters) as Record<string, string>);
  const text = params.toString();
  return `/api/v1/admin/orders/export${text ? `?${text}` : ''}`;
}

/** All orders, newest first, filtered; rows show the live status. */
export function OrdersTablePage() {
  useDocumentTitle('Orders');
  const { live, dispatch } = useRealtime();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [openId, setOpenId] = useState<string | null>(null);
  const pages = useCursorPages();
  const orders = useResource(() => api.admin.orders(toQuery(filters, pages.cursor)), [filters, pages.cursor]);
  const page = orders.status === 'ready' ? orders.data : null;
  useEffect(() => {
    if (page) dispatch({ type: 'orders-loaded', orders: page.items });
  }, [page, dispatch]);

  const idError = (value: string) => (value && !UUID.test(value) ? 'Paste a full id' : undefined);
  const invalid = !!idError(draft.customerId) || !!idError(draft.partnerId);

  return (
    <div>
      <PageTitle>Orders</PageTitle>
      <Card className="mb-4 p-4">
        <form
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1.5fr_10rem_1fr_1fr_12rem_12rem_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            if (invalid) return;
            pages.reset();
            setFilters(draft);
          }}
        >
          <label className="space-y-1 text-sm font-medium text-fg">
            <span>Search</span>
            <input
              type="search"
              className={`${inputClassName} !py-2 !text-sm`}
              value={draft.q}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              placeholder="Name, email or #id"
            />
          </label>
          <label className="space-y-1 text-sm font-medium text-fg">
            <span>Status</span>
            <select
              className={`${selectClass} w-full`}
              value={draft.status}
              onChange={(e) => setDraft({ ...draft, status: e.target.value as OrderStatus | '' })}
            >
              <option value="">Any</option>
              {orderStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel[s]}
                </option>
              ))}
            </select>
          </label>
          {(['customerId', 'partnerId'] as const).map((field) => (
            <label key={field} className="space-y-1 text-sm font-medium text-fg">
              <span>{field === 'customerId' ? 'Customer id' : 'Partner id'}</span>
              <input
                className={`${inputClassName} !py-2 !text-sm`}
                value={draft[field]}
                onChange={(e) => setDraft({ ...draft, [field]: e.target.value.trim() })}
                aria-invalid={idError(draft[field]) ? true : undefined}
                placeholder="Any"
              />
              {idError(draft[field]) && <span className="text-xs text-danger">{idError(draft[field])}</span>}
            </label>
          ))}
          {(['from', 'to'] as const).map((field) => (
            <label key={field} className="space-y-1 text-sm font-medium text-fg">
              <span>{field === 'from' ? 'Placed from' : 'Placed before'}</span>
              <input
                type="datetime-local"
                className={`${inputClassName} !py-2 !text-sm`}
                value={draft[field]}
                onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
              />
            </label>
          ))}
          <div className="flex items-end gap-2">
            <Button type="submit" disabled={invalid}>
              Filter
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(noFilters);
                setFilters(noFilters);
                pages.reset();
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </Card>

      <div className="mb-3 flex justify-end">
        <a
          href={exportHref(filters)}
          download
          className="tap inline-flex items-center gap-2 rounded-lg border border-border bg-surface px-3 py-2 text-sm font-semibold text-fg hover:bg-surface-muted"
        >
          <Download className="size-4" aria-hidden="true" />
          Export CSV<span className="sr-only"> of the orders matching the filters</span>
        </a>
      </div>
      <ResourceView resource={orders} errorTitle="Could not load orders">
        {(data, refreshing) =>
          data.items.length === 0 ? (
            <EmptyState icon={ReceiptText} title="No orders match">
              Change or clear the filters.
            </EmptyState>
          ) : (
            <DataTable
              caption="Orders, newest first"
              minWidthClass="min-w-[60rem]"
              columns={[
                { label: 'Order' },
                { label: 'Placed' },
                { label: 'Customer' },
                { label: 'Partner' },
                { label: 'Status' },
                { label: 'Items' },
                { label: 'Payment' },
                { label: 'Total', align: 'right' },
              ]}
              footer={<PagerFooter pages={pages} nextCursor={data.nextCursor} busy={refreshing} />}
            >
              {data.items.map((row) => {
                const order = live.orders[row.id] ?? row;
                return (
                  <tr key={order.id} className="hover:bg-surface-muted">
                    <td className="px-4 py-3">
                      <button
                        type="button"
                        className="tap -mx-1 rounded px-1 font-semibold text-accent-text underline-offset-2 hover:underline"
                        onClick={() => setOpenId(order.id)}
                      >
                        {shortId(order.id)}
                        <span className="sr-only">: open the order</span>
                      </button>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-fg-muted">
                      <span className="block">{formatDateTime(order.createdAt)}</span>
                      <Age since={order.createdAt} className="text-xs" />
                    </td>
                    <td className="max-w-48 px-4 py-3">
                      <span className="block truncate font-semibold text-fg">{row.customerName ?? '—'}</span>
                      {row.customerEmail && (
                        <span className="block truncate text-xs text-fg-muted">{row.customerEmail}</span>
                      )}
                    </td>
                    <td className="max-w-40 truncate px-4 py-3 text-fg-muted">
                      {row.partnerName ?? order.partner?.name ?? (
                        <span>
                          <span aria-hidden="true">—</span>
                          <span className="sr-only">No partner</span>
                        </span>
                      )}
                    </td>
                    <td className="px-4 py-3">
                      <StatusBadge status={order.status} />
                    </td>
                    <td className="max-w-64 truncate px-4 py-3 text-fg-muted">
                      {order.items.map((i) => `${i.quantity}× ${i.name}`).join(', ')}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-fg-muted">
                      {order.payment.method === 'cash_on_delivery' ? 'Cash' : 'Prepaid'} · {order.payment.status}
                    </td>
                    <td className="px-4 py-3 text-right font-semibold tabular-nums">{formatMoney(order.totalCents)}</td>
                  </tr>
                );
              })}
            </DataTable>
          )
        }
      </ResourceView>
      {openId && <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}
