import { useState } from 'react';
import { useSession, useUser } from '../session/session-provider';
import { Button } from './ui';

/** The signed-in user's name and a sign-out button. */
export function AccountMenu({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const user = useUser();
  const { logout } = useSession();
  const [pending, setPending] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <span
        className={`hidden max-w-40 truncate text-sm font-medium sm:inline ${tone === 'dark' ? 'text-white/90' : 'text-slate-700'}`}
        title={user.email}
      >
        {user.name}
      </span>
      <Button
        size="sm"
        variant={tone === 'dark' ? 'dark' : 'ghost'}
        className={tone === 'dark' ? '!bg-white/10 hover:!bg-white/20' : ''}
        pending={pending}
        onClick={async () => {
          setPending(true);
          await logout();
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
