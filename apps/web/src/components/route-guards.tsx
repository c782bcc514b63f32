import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { useSession } from '../session/session-provider';
import { FullScreenMessage, Logo } from './brand';
import { Button, Spinner } from './ui';

export const homeOf: Record<Role, string> = { customer: '/', partner: '/partner', admin: '/admin' };

export function SessionSplash() {
  const { state, retry } = useSession();
  if (state.status === 'unreachable') {
    return (
      <FullScreenMessage>
        <div role="alert" className="max-w-sm space-y-3">
          <Logo />
          <h1 className="text-lg font-semibold">Swyft cannot be reached</h1>
          <p className="text-sm text-fg-muted">{state.message}</p>
          <Button onClick={retry}>Try again</Button>
        </div>
      </FullScreenMessage>
    );
  }
  return (
    <FullScreenMessage>
      <div className="flex flex-col items-center gap-4 text-fg-muted">
        <Logo />
        <Spinner label="Loading Swyft" />
      </div>
    </FullScreenMessage>
  );
}

/** Only this role; others go to their own home, strangers to the sign-in screen (and back after). */
export function RequireRole({ for: role, children }: { for: Role; children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading' || state.status === 'unreachable') return <SessionSplash />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (state.user.role !== role) return <Navigate to={homeOf[state.user.role]} replace />;
  return <>{children}</>;
}

export function PublicOnly({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading' || state.status === 'unreachable') return <SessionSplash />;
  if (state.status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from;
    // Back where the sign-in interrupted them; a page of another role sends them on to their own home.
    return <Navigate to={from ?? homeOf[state.user.role]} replace />;
  }
  return <>{children}</>;
}
