import { Link, NavLink, Outlet } from 'react-router';
import { AccountMenu } from '../components/account-menu';
import { Logo } from '../components/brand';
import { ConnectionIndicator } from '../components/connection-indicator';
import { SkipLink } from '../components/page-chrome';

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `flex-1 rounded-xl py-2 text-center text-sm font-semibold ${isActive ? 'bg-white text-slate-900' : 'text-white/80 hover:bg-white/10'}`;

/** One-handed frame: dark header with the connection state, two tabs, content below. */
export function PartnerLayout() {
  return (
    <div className="min-h-dvh bg-slate-100">
      <SkipLink />
      <header className="sticky top-0 z-30 bg-slate-900 text-white shadow">
        <div className="mx-auto flex h-14 max-w-xl items-center gap-2 px-4">
          <Link to="/partner" className="mr-auto" aria-label="Partner home">
            <Logo tone="light" />
          </Link>
          <ConnectionIndicator tone="dark" />
          <AccountMenu tone="dark" />
        </div>
        <nav aria-label="Partner" className="mx-auto flex max-w-xl gap-2 px-4 pb-3">
          <NavLink to="/partner" end className={tabClass}>
            Deliveries
          </NavLink>
          <NavLink to="/partner/history" className={tabClass}>
            Today
          </NavLink>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-xl px-4 pt-4 pb-36">
        <Outlet />
      </main>
    </div>
  );
}
