import { useEffect } from 'react';
import { Link, NavLink, Outlet, useMatch } from 'react-router';
import { AccountMenu } from '../components/account-menu';
import { Logo } from '../components/brand';
import { ConnectionIndicator } from '../components/connection-indicator';
import { SkipLink } from '../components/page-chrome';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { useOnlinePosition } from './use-online-position';

/**
 * Away from the home screen (the "Today" history), an online partner stays online: the home screen, which
 * holds the switch and shares the position, is unmounted there, so the frame keeps the position fresh and the
 * availability said. The key is the home screen's own (`swyft.partner.online.<userId>`).
 */
function useStayOnlineAwayFromHome() {
  const user = useUser();
  const { client } = useRealtime();
  const home = useMatch({ path: '/partner', end: true });
  const online = localStorage.getItem(`swyft.partner.online.${user.id}`) === 'true';
  const away = !home && online;
  useOnlinePosition(away, client);
  useEffect(() => {
    if (away) client.setAvailability(true);
  }, [away, client]);
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `tap flex flex-1 items-center justify-center rounded-xl py-2 text-sm font-semibold ${
    isActive ? 'bg-chrome-accent text-chrome' : 'text-chrome-fg-muted hover:bg-chrome-raised hover:text-chrome-fg'
  }`;

/** One-handed frame: dark header with the connection state, two tabs, content below. */
export function PartnerLayout() {
  useStayOnlineAwayFromHome();
  return (
    <div className="min-h-dvh bg-canvas text-fg">
      <SkipLink />
      <header className="chrome sticky top-0 z-30 shadow">
        <div className="mx-auto flex h-14 max-w-xl items-center gap-2 px-4">
          <Link to="/partner" className="tap mr-auto flex items-center rounded-lg px-1">
            <Logo tone="inherit" />
            <span className="sr-only">: partner home</span>
          </Link>
          <ConnectionIndicator tone="chrome" />
          <AccountMenu tone="chrome" />
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
