import type { OrderStatus } from '../api/types';
import { statusLabel } from '../state/order-status';

const colors: Record<OrderStatus, string> = {
  placed: 'bg-amber-100 text-amber-900 ring-amber-200',
  accepted: 'bg-sky-100 text-sky-900 ring-sky-200',
  preparing: 'bg-indigo-100 text-indigo-900 ring-indigo-200',
  picked_up: 'bg-violet-100 text-violet-900 ring-violet-200',
  on_the_way: 'bg-emerald-100 text-emerald-900 ring-emerald-200',
  delivered: 'bg-slate-100 text-slate-700 ring-slate-200',
  cancelled: 'bg-rose-100 text-rose-800 ring-rose-200',
};

export const statusColor = colors;

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${colors[status]}`}
    >
      {statusLabel[status]}
    </span>
  );
}
