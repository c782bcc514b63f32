import { NavLink, Outlet } from 'react-router';
import { AccountMenu } from '../components/account-menu';
import { Logo } from '../components/brand';
import { ConnectionIndicator } from '../components/connection-indicator';
import { SkipLink } from '../components/page-chrome';

const links = [
  { to: '/admin', label: 'Live board', icon: '🗂️', end: true },
  { to: '/admin/orders', label: 'Orders', icon: '🧾' },
  { to: '/admin/dashboard', label: 'Dashboard', icon: '📈' },
  { to: '/admin/products', label: 'Products', icon: '🥫' },
  { to: '/admin/users', label: 'Users', icon: '👥' },
  { to: '/admin/events', label: 'Event log', icon: '📜' },
];

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex shrink-0 items-center gap-2 rounded-xl px-3 py-2 text-sm font-semibold whitespace-nowrap ${
    isActive ? 'bg-emerald-500/15 text-emerald-300' : 'text-slate-300 hover:bg-white/5 hover:text-white'
  }`;

/** Desktop frame: a sidebar of sections; on a phone the sections become a scrolling strip on top. */
export function AdminLayout() {
  return (
    <div className="min-h-dvh bg-slate-100 lg:grid lg:grid-cols-[13rem_1fr]">
      <SkipLink />
      <aside className="sticky top-0 z-30 bg-slate-900 text-white lg:h-dvh">
        <div className="flex h-14 items-center gap-2 px-4">
          <Logo tone="light" />
          <span className="rounded-md bg-white/10 px-1.5 py-0.5 text-[10px] font-bold tracking-wider text-white/70 uppercase">
            Ops
          </span>
          <span className="ml-auto flex items-center gap-2 lg:hidden">
            <ConnectionIndicator tone="dark" compact />
            <AccountMenu tone="dark" />
          </span>
        </div>
        <nav
          aria-label="Admin"
          className="relative flex gap-1 overflow-x-auto px-3 pb-3 lg:flex-col lg:overflow-visible"
        >
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end} className={linkClass}>
              <span aria-hidden="true">{link.icon}</span>
              {link.label}
            </NavLink>
          ))}
        </nav>
      </aside>
      <div className="min-w-0">
        <header className="hidden h-14 items-center justify-end gap-3 border-b border-slate-200 bg-white px-6 lg:flex">
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
