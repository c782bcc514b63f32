import { Bookmark, LogOut, UserRound } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useSession, useUser } from '../session/session-provider';
import { initialsOf } from './format';
import { Button } from './ui';

/**
 * The signed-in user behind a small round button: name, email and Sign out (a disclosure, keyboard-usable).
 * Its name starts with the initials it shows ("CC, Chloe Customer's account"), so voice control finds it.
 */
export function AccountMenu({ tone = 'default' }: { tone?: 'default' | 'chrome' }) {
  const user = useUser();
  const { logout } = useSession();
  const [pending, setPending] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const initials = initialsOf(user.name);
  return (
    <details
      ref={menu}
      className="relative"
      onKeyDown={(e) => e.key === 'Escape' && menu.current?.removeAttribute('open')}
    >
      <summary
        className={`tap grid size-9 cursor-pointer list-none place-items-center rounded-full text-sm font-bold [&::-webkit-details-marker]:hidden ${
          tone === 'chrome'
            ? 'bg-chrome-raised text-chrome-fg hover:brightness-125'
            : 'bg-accent-soft text-accent-soft-fg hover:bg-surface-sunken'
        }`}
      >
        {initials}
        <span className="sr-only">, {user.name}’s account</span>
      </summary>
      <div className="panel absolute right-0 z-40 mt-2 w-60 rounded-2xl p-3 shadow-xl ring-1 ring-border">
        <p className="truncate font-semibold">{user.name}</p>
        <p className="truncate text-sm text-fg-muted">{user.email}</p>
        <p className="mt-1 text-xs font-medium text-fg-muted capitalize">{user.role}</p>
        {user.role === 'customer' && (
          <Link
            to="/account"
            onClick={() => menu.current?.removeAttribute('open')}
            className="tap mt-3 flex items-center gap-2 rounded-lg px-2 text-sm font-semibold text-accent-text hover:bg-surface-muted"
          >
            <UserRound aria-hidden="true" className="size-4" />
            Your account
          </Link>
        )}
        {user.role === 'customer' && (
          <Link
            to="/addresses"
            onClick={() => menu.current?.removeAttribute('open')}
            className="tap mt-1 flex items-center gap-2 rounded-lg px-2 text-sm font-semibold text-accent-text hover:bg-surface-muted"
          >
            <Bookmark aria-hidden="true" className="size-4" />
            Saved addresses
          </Link>
        )}
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
          {!pending && <LogOut aria-hidden="true" className="size-4" />}
          Sign out
        </Button>
      </div>
    </details>
  );
}
