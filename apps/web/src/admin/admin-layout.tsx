import {
  Boxes,
  ChartColumn,
  KeyRound,
  type LucideIcon,
  Map as MapIcon,
  Package,
  ReceiptText,
  ScrollText,
  SquareKanban,
  Store,
  TriangleAlert,
  Users,
  Webhook,
} from 'lucide-react';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { AccountMenu } from '../components/account-menu';
import { Logo } from '../components/brand';
import { ConnectionIndicator } from '../components/connection-indicator';
import { SkipLink } from '../components/page-chrome';

const links: { to: string; label: string; icon: LucideIcon; end?: boolean }[] = [
  { to: '/admin', label: 'Live board', icon: SquareKanban, end: true },
  { to: '/admin/live-map', label: 'Live map', icon: MapIcon },
  { to: '/admin/attention', label: 'Needs attention', icon: TriangleAlert },
  { to: '/admin/orders', label: 'Orders', icon: ReceiptText },
  { to: '/admin/dashboard', label: 'Dashboard', icon: ChartColumn },
  { to: '/admin/products', label: 'Products', icon: Package },
  { to: '/admin/stores', label: 'Stores', icon: Store },
  { to: '/admin/stock', label: 'Stock', icon: Boxes },
  { to: '/admin/users', label: 'Users', icon: Users },
  { to: '/admin/events', label: 'Event log', icon: ScrollText },
  { to: '/admin/api-keys', label: 'API keys', icon: KeyRound },
  { to: '/admin/webhooks', label: 'Webhooks', icon: Webhook },
];

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `tap flex shrink-0 items-center gap-2 rounded-xl px-3 py-2 text-sm font-semibold whitespace-nowrap ${
    isActive
      ? 'bg-chrome-raised text-chrome-accent'
      : 'text-chrome-fg-muted hover:bg-chrome-raised hover:text-chrome-fg'
  }`;

/** Desktop frame: a sidebar of sections; on a phone the sections become a scrolling strip on top. */
export function AdminLayout() {
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, when the current section changes
  useEffect(() => {
    const strip = nav.current;
    const current = strip?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!strip || !current || strip.scrollWidth <= strip.clientWidth) return;
    // A phone's strip of sections: the current one is scrolled into view, centred where it can be.
    strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  return (
    <div className="min-h-dvh bg-canvas text-fg lg:grid lg:grid-cols-[13rem_1fr]">
      <SkipLink />
      <aside className="chrome sticky top-0 z-30 lg:h-dvh">
        <div className="flex h-14 items-center gap-2 px-4">
          <Logo tone="inherit" />
          <span className="rounded-md bg-chrome-raised px-1.5 py-0.5 text-[11px] font-bold tracking-wider text-chrome-fg-muted uppercase">
            Ops
          </span>
          <span className="ml-auto flex items-center gap-2 lg:hidden">
            <ConnectionIndicator tone="chrome" compact />
            <AccountMenu tone="chrome" />
          </span>
        </div>
        <nav
          ref={nav}
          aria-label="Admin"
          className="relative flex gap-1 overflow-x-auto px-3 pb-3 lg:flex-col lg:overflow-visible"
        >
          {links.map(({ to, label, icon: Icon, end }) => (
            <NavLink key={to} to={to} end={end} className={linkClass}>
              <Icon aria-hidden="true" className="size-4 shrink-0" />
              {label}
            </NavLink>
          ))}
        </nav>
      </aside>
      <div className="min-w-0">
        <header className="hidden h-14 items-center justify-end gap-3 border-b border-border bg-surface px-6 lg:flex">
          <ConnectionIndicator />
          <AccountMenu />
        </header>
        <main id="main" className="p-4 lg:p-6">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
