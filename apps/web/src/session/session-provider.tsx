import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ApiError, type SessionLossReason } from '../api/client';
import { describeError } from '../api/describe-error';
import type { SwyftApi } from '../api/swyft-api';
import type { User } from '../api/types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; message: string }
  | { status: 'anonymous'; notice: string | null }
  | { status: 'signed-in'; user: User };

export interface SessionValue {
  state: SessionState;
  login(email: string, password: string): Promise<User>;
  register(input: { name: string; email: string; password: string; role: 'customer' | 'partner' }): Promise<User>;
  logout(): Promise<void>;
  /** Asks the server whether the session still stands (after the socket was closed by the server). */
  recheck(): Promise<boolean>;
  retry(): void;
  /** The signed-in user changed (their name): every screen shows the new one. */
  updateUser(user: User): void;
  /** Closes the account (DELETE /me): the session ends with it. */
  closeAccount(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The partner last signed in on this browser. Only so that the partner app (precached by its service
 * worker) opens without a network; the server still decides once it can be reached. Never a token.
 */
const OFFLINE_PARTNER_KEY = 'swyft.offline-partner';

function rememberPartner(user: User | null): void {
  try {
    if (user?.role === 'partner') localStorage.setItem(OFFLINE_PARTNER_KEY, JSON.stringify(user));
    else localStorage.removeItem(OFFLINE_PARTNER_KEY);
  } catch {
    // Storage may be unavailable (a private window): the app then needs the network to open.
  }
}

function rememberedPartner(): User | null {
  try {
    const user = JSON.parse(localStorage.getItem(OFFLINE_PARTNER_KEY) ?? 'null') as User | null;
    return user?.role === 'partner' && typeof user.id === 'string' ? user : null;
  } catch {
    return null;
  }
}

export const lossNotice: Record<SessionLossReason, string> = {
  disabled: 'Your account has been disabled. Contact support if you think this is a mistake.',
  expired: 'Your session has ended. Please sign in again.',
};

/**
 * Who is signed in. The session itself is the server's HttpOnly cookies; this only knows the user, asks
 * /me at start, and drops to the sign-in screen (with the reason) when the API client reports the session lost.
 */
export function SessionProvider({ api, children }: { api: SwyftApi; children: ReactNode }) {
  // No session hint, no session: an anonymous visitor goes straight to sign-in, with no request that fails.
  const [state, setState] = useState<SessionState>(() =>
    api.client.mayHaveSession() ? { status: 'loading' } : { status: 'anonymous', notice: null },
  );
  const [attempt, setAttempt] = useState(0);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
    if (state.status === 'signed-in') rememberPartner(state.user);
    else if (state.status === 'anonymous') rememberPartner(null);
  }, [state]);

  useEffect(() => {
    let cancelled = false;
    if (attempt === 0 && !api.client.mayHaveSession()) return;
    api.me.get().then(
      ({ user }) => !cancelled && setState({ status: 'signed-in', user }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) {
          // A partner with no signal opens their app as last signed in: their queued steps wait for the network.
          const partner = error.status === 0 ? rememberedPartner() : null;
          if (partner) setState({ status: 'signed-in', user: partner });
          else setState({ status: 'unreachable', message: describeError(error) });
        } else {
          if (error instanceof ApiError && error.status === 401) api.client.forgetSessionHint();
          const notice = error instanceof ApiError && error.code === 'account_disabled' ? lossNotice.disabled : null;
          setState({ status: 'anonymous', notice });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  useEffect(
    () =>
      api.client.onSessionLost((reason) => {
        if (stateRef.current.status !== 'signed-in') return;
        stateRef.current = { status: 'anonymous', notice: lossNotice[reason] };
        toast.error(lossNotice[reason], { id: 'session-lost' });
        setState(stateRef.current);
      }),
    [api],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const { user } = await api.auth.login({ email, password });
      setState({ status: 'signed-in', user });
      return user;
    },
    [api],
  );

  const register = useCallback<SessionValue['register']>(
    async (input) => {
      const { user } = await api.auth.register(input);
      setState({ status: 'signed-in', user });
      return user;
    },
    [api],
  );

  const logout = useCallback(async () => {
    if (rememberedPartner()) {
      // A partner's phone keeps their orders for opening offline: not after signing out (lazy: partners only).
      void import('../partner/outbox').then((outbox) => outbox.forgetSavedOrders()).catch(() => {});
    }
    try {
      await api.auth.logout();
    } catch {
      // Signed out locally either way; the server session dies with its cookies or its TTL.
    }
    api.client.forgetSessionHint();
    setState({ status: 'anonymous', notice: null });
    toast.success('Signed out', { id: 'signed-out' });
  }, [api]);

  const recheck = useCallback(async () => {
    try {
      await api.me.get();
      return true;
    } catch (error) {
      // account_disabled and a lost session are reported by the client's listener; a network error is
      // not a verdict, so the socket keeps trying.
      return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
    }
  }, [api]);

  const updateUser = useCallback((user: User) => setState({ status: 'signed-in', user }), []);

  const closeAccount = useCallback(async () => {
    await api.me.remove();
    api.client.forgetSessionHint();
    setState({ status: 'anonymous', notice: 'Your account is closed. Your past orders are kept for our records.' });
  }, [api]);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      login,
      register,
      logout,
      recheck,
      retry: () => setAttempt((n) => n + 1),
      updateUser,
      closeAccount,
    }),
    [state, login, register, logout, recheck, updateUser, closeAccount],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, for screens that only render behind a role guard. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}
