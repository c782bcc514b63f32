import { ArrowRight, ReceiptText, ShoppingCart, Store } from 'lucide-react';
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

/** A tab of the main navigation: icon over a short label on a phone, side by side from `sm` up. */
const navClass = ({ isActive }: { isActive: boolean }) =>
  `tap relative flex flex-col items-center justify-center gap-0.5 rounded-lg px-1.5 text-[11px] leading-none font-semibold sm:flex-row sm:gap-1.5 sm:px-3 sm:py-2 sm:text-sm ${
    isActive ? 'bg-accent-soft text-accent-soft-fg' : 'text-fg hover:bg-surface-muted'
  }`;

/** Phone-first frame of the shop: header, page, a cart bar and a live banner for an order in progress. */
export function CustomerLayout() {
  const location = useLocation();
  const { count, totalCents } = useCart();
  const onCart = location.pathname === '/cart';
  const showCartBar = count > 0 && !onCart;
  const items = `${count} ${count === 1 ? 'item' : 'items'}`;
  return (
    <div className="min-h-dvh bg-canvas text-fg">
      <SkipLink />
      <header className="sticky top-0 z-30 border-b border-border bg-surface/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-1 px-2 sm:gap-2 sm:px-4">
          <Link to="/" className="tap mr-auto flex items-center rounded-lg px-1">
            <Logo />
            <span className="sr-only">: shop home</span>
          </Link>
          <ConnectionIndicator compact />
          <nav aria-label="Main" className="flex items-center gap-0.5 sm:gap-1">
            <NavLink to="/" end className={navClass}>
              <Store aria-hidden="true" className="size-5 sm:size-4" />
              Shop
            </NavLink>
            <NavLink to="/orders" className={navClass}>
              <ReceiptText aria-hidden="true" className="size-5 sm:size-4" />
              Orders
            </NavLink>
            {/* Named with its count, in the order it shows "Cart 2" (the space keeps the words apart for checkers). */}
            <NavLink to="/cart" className={navClass} aria-label={`Cart, ${items}`}>
              <ShoppingCart aria-hidden="true" className="size-5 sm:size-4" />
              Cart{' '}
              {count > 0 && (
                <span
                  aria-hidden="true"
                  className="absolute -top-0.5 right-0 rounded-full bg-accent px-1.5 py-0.5 text-[11px] font-bold text-accent-fg tabular-nums sm:static sm:py-0 sm:text-xs"
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
        <aside aria-label="Cart" className="fixed inset-x-0 bottom-0 z-20 p-3">
          <Link
            to="/cart"
            className="mx-auto flex max-w-xl items-center justify-between rounded-2xl bg-accent px-5 py-3.5 text-accent-fg shadow-lg shadow-emerald-950/20 hover:bg-accent-hover"
          >
            <span className="font-bold">
              View cart
              <span className="block text-sm font-medium">
                {items} · <span className="tabular-nums">{formatMoney(totalCents)}</span>
              </span>
            </span>
            <ArrowRight aria-hidden="true" className="size-6" />
          </Link>
        </aside>
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
      className="tap mb-4 flex items-center gap-3 rounded-2xl bg-chrome px-4 py-3 text-chrome-fg shadow-sm hover:brightness-125"
    >
      <span className="relative flex size-3" aria-hidden="true">
        <span className="absolute inline-flex size-full rounded-full bg-emerald-400 opacity-75 motion-safe:animate-ping" />
        <span className="relative inline-flex size-3 rounded-full bg-emerald-400" />
      </span>
      <span className="flex-1 text-sm">
        <span className="font-semibold">{statusLabel[active.status]}</span>
        <span className="text-chrome-fg-muted"> · track your order</span>
      </span>
      <ArrowRight aria-hidden="true" className="size-5" />
    </Link>
  );
}
