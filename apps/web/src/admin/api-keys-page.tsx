import { type ApiKey, type ApiKeyScope, apiKeyScopes } from '@swyft/contract';
import { KeyRound, Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { describeError, fieldErrors } from '../api/describe-error';
import { api } from '../api/swyft-api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable } from '../components/data-table';
import { TextField } from '../components/field';
import { formatDateTime, timeAgo } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { SecretOnce } from '../components/secret-once';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';

/** What each scope lets a key do, in an admin's words (API.md, API keys). */
const scopeHelp: Record<ApiKeyScope, string> = {
  'orders:read': 'Read orders: one order, and the admin order list and export',
  'orders:write': 'Move orders on and cancel them, as an admin may',
  'stock:write': 'Set the stock of a store (a till pushing its counts)',
  'catalog:write': 'Create and change products and stores',
  'events:read': 'Read the event log',
};

export function ApiKeysPage() {
  useDocumentTitle('API keys');
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<{ apiKey: ApiKey; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useResource(() => api.apiKeys.list(), [version]);
  const reload = () => setVersion((n) => n + 1);

  return (
    <div className="space-y-4">
      <PageTitle>API keys</PageTitle>
      <p className="max-w-2xl text-sm text-fg-muted">
        Keys let other software (a store's till, a reporting job, a messaging service) call the API with exactly the
        scopes it needs. Send the secret as <code className="font-mono">Authorization: Bearer sk_…</code>. A revoked key
        stops working at once.
      </p>
      <SecretOnce
        shown={
          created && {
            title: `Copy the secret of “${created.apiKey.name}” now`,
            announcement: `API key ${created.apiKey.name} created. Copy its secret now: it is shown only once.`,
            secret: created.secret,
          }
        }
        note="It is shown only this once and stored only as a hash: if it is lost, revoke the key and create another."
        onDone={() => setCreated(null)}
      />
      <NewKeyForm
        onCreated={(result) => {
          setCreated(result);
          reload();
        }}
      />
      <ResourceView resource={keys} errorTitle="Could not load API keys">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState icon={KeyRound} title="No API keys yet">
              Create one above for each system that should reach the API.
            </EmptyState>
          ) : (
            <DataTable
              caption="API keys"
              minWidthClass="min-w-[52rem]"
              columns={[
                { label: 'Name' },
                { label: 'Scopes' },
                { label: 'Prefix' },
                { label: 'Created' },
                { label: 'Last used' },
                { label: 'State' },
                { label: 'Actions', align: 'right', hidden: true },
              ]}
            >
              {data.items.map((key) => (
                <KeyRow key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
              ))}
            </DataTable>
          )
        }
      </ResourceView>
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          description="Every system using this key is refused at once, on every server. This cannot be undone."
          confirmLabel="Revoke key"
          onConfirm={async () => {
            await api.apiKeys.revoke(revoking.id);
            toast.success(`${revoking.name} is revoked`);
          }}
          onClose={(revoked) => {
            setRevoking(null);
            if (revoked) reload();
          }}
        />
      )}
    </div>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr className={revoked ? 'bg-surface-muted' : undefined}>
      <td className="px-4 py-3 font-semibold text-fg">{apiKey.name}</td>
      <td className="px-4 py-3">
        <ul className="flex flex-wrap gap-1" aria-label={`Scopes of ${apiKey.name}`}>
          {apiKey.scopes.map((scope) => (
            <li key={scope} className="rounded-full bg-surface-muted px-2 py-0.5 font-mono text-xs text-fg">
              {scope}
            </li>
          ))}
        </ul>
      </td>
      <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-fg">{apiKey.prefix}…</td>
      <td className="px-4 py-3 whitespace-nowrap text-fg-muted">{formatDateTime(apiKey.createdAt)}</td>
      <td className="px-4 py-3 whitespace-nowrap text-fg-muted">
        {apiKey.lastUsedAt ? (
          <time dateTime={apiKey.lastUsedAt} title={formatDateTime(apiKey.lastUsedAt)}>
            {timeAgo(apiKey.lastUsedAt)}
          </time>
        ) : (
          'Never'
        )}
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        {revoked ? (
          <span className="font-semibold text-danger">Revoked {formatDateTime(apiKey.revokedAt!)}</span>
        ) : (
          <span className="text-success">Active</span>
        )}
      </td>
      <td className="px-4 py-3 text-right">
        {!revoked && (
          <Button size="sm" variant="danger" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>
            Revoke
          </Button>
        )}
      </td>
    </tr>
  );
}

function NewKeyForm({ onCreated }: { onCreated: (result: { apiKey: ApiKey; secret: string }) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [errors, setErrors] = useState<{ name?: string | undefined; scopes?: string | undefined }>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : 'Enter a name, such as the system that will use the key',
      scopes: scopes.length > 0 ? undefined : 'Choose at least one scope',
    };
    setErrors(found);
    if (found.name || found.scopes) return;
    setPending(true);
    try {
      const result = await api.apiKeys.create({ name: name.trim(), scopes });
      setName('');
      setScopes([]);
      setOpen(false);
      onCreated(result);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors({ name: fields.name, scopes: fields.scopes });
      toast.error(describeError(error));
    } finally {
      setPending(false);
    }
  }

  if (!open)
    return (
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="size-4" />
        New API key
      </Button>
    );
  return (
    <Card className="p-4">
      <form onSubmit={submit} noValidate className="space-y-4" aria-labelledby="new-key-title">
        <h2 id="new-key-title" className="text-base font-bold text-fg">
          New API key
        </h2>
        <div className="max-w-md">
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            hint="Who uses it, e.g. “Till, Main Street store”"
            maxLength={100}
            autoFocus
          />
        </div>
        <fieldset aria-describedby={errors.scopes ? 'new-key-scopes-error' : undefined}>
          <legend className="text-sm font-medium text-fg">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {apiKeyScopes.map((scope) => (
              <label
                key={scope}
                className="tap flex cursor-pointer items-start gap-3 rounded-xl border border-border px-3 py-2.5 hover:bg-surface-muted"
              >
                <input
                  type="checkbox"
                  className="mt-0.5 size-5 shrink-0 accent-accent"
                  checked={scopes.includes(scope)}
                  onChange={(e) =>
                    setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((held) => held !== scope)))
                  }
                />
                <span>
                  <span className="block font-mono text-sm font-semibold text-fg">{scope}</span>
                  <span className="block text-xs text-fg-muted">{scopeHelp[scope]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.scopes && (
            <p id="new-key-scopes-error" className="mt-1.5 text-sm text-danger">
              {errors.scopes}
            </p>
          )}
        </fieldset>
        <div className="flex gap-2">
          <Button type="submit" pending={pending}>
            Create key
          </Button>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
