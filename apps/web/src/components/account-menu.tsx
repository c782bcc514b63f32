import { useRef, useState } from 'react';
import { useSession, useUser } from '../session/session-provider';
import { Button } from './ui';

/** The signed-in user behind a small round button: name, email and Sign out (a disclosure, keyboard-usable). */
export function AccountMenu({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const user = useUser();
  const { logout } = useSession();
  const [pending, setPending] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const initials = user.name
    .split(/\s+/)
    .map((part) => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <details
      ref={menu}
      className="relative"
      onKeyDown={(e) => e.key === 'Escape' && menu.current?.removeAttribute('open')}
    >
      <summary
        aria-label={`Account: ${user.name}`}
        className={`grid size-9 cursor-pointer list-none place-items-center rounded-full text-sm font-bold [&::-webkit-details-marker]:hidden ${
          tone === 'dark'
            ? 'bg-white/15 text-white hover:bg-white/25'
            : 'bg-emerald-100 text-emerald-800 hover:bg-emerald-200'
        }`}
      >
        {initials || '?'}
      </summary>
      <div className="absolute right-0 z-40 mt-2 w-60 rounded-2xl bg-white p-3 text-slate-900 shadow-xl ring-1 ring-slate-200">
        <p className="truncate font-semibold">{user.name}</p>
        <p className="truncate text-sm text-slate-500">{user.email}</p>
        <p className="mt-1 text-xs font-medium text-slate-400 capitalize">{user.role}</p>
        <Button
          variant="secondary"
          size="sm"
          className="mt-3 w-full"
          pending={pending}
          onClick={async () => {
            setPending(true);
            await logout();
          }}
        >
          Sign out
        </Button>
      </div>
    </details>
  );
}
