import { useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { api } from '../api/swyft-api';
import { AccountMenu } from '../components/account-menu';
import { Logo } from '../components/brand';
import { ConnectionIndicator } from '../components/connection-indicator';
import { formatMoney } from '../components/format';
import { SkipLink } from '../components/page-chrome';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { selectOrders } from '../state/live-orders';
import { isFinished, statusLabel } from '../state/order-status';
import { useCart } from './use-cart';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center rounded-lg px-2 py-1.5 text-sm font-semibold sm:px-3 ${isActive ? 'bg-emerald-50 text-emerald-800' : 'text-slate-700 hover:bg-slate-100'}`;

/** Phone-first frame of the shop: header, page, a cart bar and a live banner for an order in progress. */
export function CustomerLayout() {
  const location = useLocation();
  const { count, totalCents } = useCart();
  const onCart = location.pathname === '/cart';
  const showCartBar = count > 0 && !onCart;
  return (
    <div className="min-h-dvh bg-slate-50">
      <SkipLink />
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1.5 px-3 sm:gap-2 sm:px-4">
          <Link to="/" aria-label="Swyft shop home" className="mr-auto">
            <Logo />
          </Link>
          <ConnectionIndicator compact />
          <nav aria-label="Main" className="flex items-center gap-0.5 sm:gap-1">
            <NavLink to="/" end className={navClass}>
              <span aria-hidden="true" className="sm:hidden">
                🏪
              </span>
              <span className="sr-only sm:not-sr-only">Shop</span>
            </NavLink>
            <NavLink to="/orders" className={navClass}>
              <span aria-hidden="true" className="sm:hidden">
                🧾
              </span>
              <span className="sr-only sm:not-sr-only">Orders</span>
            </NavLink>
            <NavLink to="/cart" className={navClass} aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
              <span aria-hidden="true">🛒</span>
              {count > 0 && (
                <span
                  aria-hidden="true"
                  className="ml-0.5 rounded-full bg-emerald-600 px-1.5 text-xs font-bold text-white tabular-nums"
                >
                  {count}
                </span>
              )}
            </NavLink>
          </nav>
          <AccountMenu />
        </div>
      </header>
      <main id="main" className={`mx-auto max-w-5xl px-4 pt-4 ${showCartBar ? 'pb-28' : 'pb-10'}`}>
        <ActiveOrderBanner />
        <Outlet />
      </main>
      {showCartBar && (
        <div className="fixed inset-x-0 bottom-0 z-20 p-3">
          <Link
            to="/cart"
            className="mx-auto flex max-w-xl items-center justify-between rounded-2xl bg-emerald-600 px-5 py-3.5 text-white shadow-lg shadow-emerald-900/20 hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700"
          >
            <span>
              <span className="block text-xs font-medium text-emerald-100">
                {count} {count === 1 ? 'item' : 'items'}
              </span>
              <span className="text-lg font-extrabold tabular-nums">{formatMoney(totalCents)}</span>
            </span>
            <span className="font-bold">View cart →</span>
          </Link>
        </div>
      )}
    </div>
  );
}

/** A live pill for the newest order still in progress, on every page but that order's own. */
function ActiveOrderBanner() {
  const user = useUser();
  const location = useLocation();
  const { live, dispatch, resyncVersion } = useRealtime();
  const recent = useResource(() => api.orders.my({ limit: 5 }), [resyncVersion]);
  const loaded = recent.status === 'ready' ? recent.data.items : null;
  useEffect(() => {
    if (loaded) dispatch({ type: 'orders-loaded', orders: loaded });
  }, [loaded, dispatch]);
  const active = selectOrders(live, (o) => o.customerId === user.id && !isFinished(o.status))[0];
  if (!active || location.pathname === `/orders/${active.id}`) return null;
  return (
    <Link
      to={`/orders/${active.id}`}
      className="mb-4 flex items-center gap-3 rounded-2xl bg-slate-900 px-4 py-3 text-white shadow-sm hover:bg-slate-800"
    >
      <span className="relative flex size-3" aria-hidden="true">
        <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />
        <span className="relative inline-flex size-3 rounded-full bg-emerald-400" />
      </span>
      <span className="flex-1 text-sm">
        <span className="font-semibold">{statusLabel[active.status]}</span>
        <span className="text-white/70"> · track your order</span>
      </span>
      <span aria-hidden="true">→</span>
    </Link>
  );
}
