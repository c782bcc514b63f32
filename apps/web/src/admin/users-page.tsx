import { Star, Users } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { AdminUser, Role } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable } from '../components/data-table';
import { inputClassName, selectClass } from '../components/field';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useUser } from '../session/session-provider';
import { PagerFooter, useCursorPages, useSearchText } from './pager';

const roleLook: Record<Role, string> = {
  customer: 'bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200',
  partner: 'bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200',
  admin: 'bg-violet-100 text-violet-900 dark:bg-violet-400/15 dark:text-violet-200',
};

export function UsersPage() {
  useDocumentTitle('Users');
  const me = useUser();
  const [role, setRole] = useState<Role | ''>('');
  const [disabled, setDisabled] = useState<'' | 'true' | 'false'>('');
  const pages = useCursorPages();
  const [changed, setChanged] = useState<Record<string, AdminUser>>({});
  const [pending, setPending] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AdminUser | null>(null);
  const { search, setSearch, q } = useSearchText(pages);

  const users = useResource(
    () =>
      api.admin.users({
        limit: 25,
        ...(pages.cursor ? { cursor: pages.cursor } : {}),
        ...(q ? { q } : {}),
        ...(role ? { role } : {}),
        ...(disabled ? { disabled } : {}),
      }),
    [q, role, disabled, pages.cursor],
  );

  /** Enabling is harmless; disabling signs the user out everywhere, so it is asked first. */
  async function toggle(user: AdminUser, { rethrow = false } = {}) {
    setPending(user.id);
    try {
      const { user: updated } = user.disabled
        ? await api.admin.enableUser(user.id)
        : await api.admin.disableUser(user.id);
      setChanged((c) => ({ ...c, [updated.id]: { ...user, ...updated } }));
      toast.success(
        updated.disabled
          ? `${updated.name} is disabled and signed out everywhere`
          : `${updated.name} can sign in again`,
      );
    } catch (error) {
      if (rethrow) throw error;
      toast.error(describeError(error));
    } finally {
      setPending(null);
    }
  }

  return (
    <div>
      <PageTitle>Users</PageTitle>
      <Card className="mb-4 flex flex-wrap items-end gap-3 p-4">
        <label className="min-w-56 flex-1 space-y-1 text-sm font-medium text-fg">
          <span>Search name or email</span>
          <input
            type="search"
            className={`${inputClassName} !py-2 !text-sm`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label className="space-y-1 text-sm font-medium text-fg">
          <span className="block">Role</span>
          <select
            className={selectClass}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              pages.reset();
            }}
          >
            <option value="">Any</option>
            <option value="customer">Customers</option>
            <option value="partner">Partners</option>
            <option value="admin">Admins</option>
          </select>
        </label>
        <label className="space-y-1 text-sm font-medium text-fg">
          <span className="block">State</span>
          <select
            className={selectClass}
            value={disabled}
            onChange={(e) => {
              setDisabled(e.target.value as '' | 'true' | 'false');
              pages.reset();
            }}
          >
            <option value="">Any</option>
            <option value="false">Active</option>
            <option value="true">Disabled</option>
          </select>
        </label>
      </Card>
      <ResourceView resource={users} errorTitle="Could not load users">
        {(data, refreshing) =>
          data.items.length === 0 ? (
            <EmptyState icon={Users} title="No users match">
              Try another search or filter.
            </EmptyState>
          ) : (
            <DataTable
              caption="Users"
              minWidthClass="min-w-[40rem]"
              columns={[
                { label: 'Name' },
                { label: 'Role' },
                { label: 'Rating' },
                { label: 'Joined' },
                { label: 'State' },
                { label: 'Actions', align: 'right', hidden: true },
              ]}
              footer={<PagerFooter pages={pages} nextCursor={data.nextCursor} busy={refreshing} />}
            >
              {data.items.map((row) => {
                const user = changed[row.id] ?? row;
                return (
                  <tr key={user.id} data-user-email={user.email}>
                    <td className="px-4 py-3">
                      <span className="block font-semibold text-fg">{user.name}</span>
                      <span className="text-xs text-fg-muted">{user.email}</span>
                    </td>
                    <td className="px-4 py-3">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${roleLook[user.role]}`}>
                        {user.role}
                      </span>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-fg-muted">
                      {user.rating ? <RatingCell rating={user.rating} /> : null}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-fg-muted">{formatDateTime(user.createdAt)}</td>
                    <td className="px-4 py-3">
                      {user.disabled ? (
                        <span className="font-semibold text-danger">Disabled</span>
                      ) : (
                        <span className="text-success">Active</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right">
                      {user.id === me.id ? (
                        <span className="text-xs text-fg-muted">You</span>
                      ) : (
                        <Button
                          size="sm"
                          variant={user.disabled ? 'secondary' : 'danger'}
                          pending={pending === user.id}
                          onClick={() => (user.disabled ? toggle(user) : setConfirming(user))}
                          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.name}`}
                        >
                          {user.disabled ? 'Enable' : 'Disable'}
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )
        }
      </ResourceView>
      {confirming && (
        <ConfirmDialog
          title={`Disable ${confirming.name}?`}
          description={`${confirming.email} is signed out everywhere at once and cannot sign in until enabled again.`}
          confirmLabel="Disable"
          onConfirm={() => toggle(confirming, { rethrow: true })}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}

function RatingCell({ rating }: { rating: NonNullable<AdminUser['rating']> }) {
  if (rating.average === null || rating.count === 0) return <span className="text-xs">No ratings yet</span>;
  return (
    <span>
      <Star aria-hidden="true" className="mr-1 inline size-4 fill-amber-400 text-amber-500" />
      <span className="font-semibold text-fg">{rating.average.toFixed(1)}</span>
      <span className="sr-only"> out of 5</span>
      <span className="text-xs"> ({rating.count === 1 ? '1 rating' : `${rating.count} ratings`})</span>
    </span>
  );
}
