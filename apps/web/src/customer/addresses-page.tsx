import { Bookmark, MapPinned, Pencil, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { describeError, fieldErrors } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Address } from '../api/types';
import { TextAreaField, TextField } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, primaryLinkClass } from '../components/ui';
import { formatPoint } from '../geo/geo-text';
import { useResource } from '../lib/use-resource';
import { useUser } from '../session/session-provider';
import { useDeliveryPoint } from '../state/delivery-point';
import { addressText } from './delivery-point-picker';

/** The customer's saved addresses: change a name, line or notes; delete one (after a confirmation). */
export function AddressesPage() {
  useDocumentTitle('Saved addresses');
  const addresses = useResource(() => api.addresses.list().then((answer) => answer.items), []);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-fg">Saved addresses</h1>
      <ResourceView resource={addresses} errorTitle="Could not load your addresses">
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              icon={Bookmark}
              title="No saved addresses yet"
              action={
                <Link to="/cart" className={primaryLinkClass}>
                  Go to checkout
                </Link>
              }
            >
              At checkout, put the pin on your door and choose “Save this address for next time”.
            </EmptyState>
          ) : (
            <ul aria-label="Saved addresses" className="space-y-3">
              {items.map((address) => (
                <li key={address.id}>
                  <AddressCard address={address} onChanged={addresses.reload} />
                </li>
              ))}
            </ul>
          )
        }
      </ResourceView>
      <p className="flex gap-2 text-sm text-fg-muted">
        <MapPinned aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        To deliver somewhere new, put the pin on the map at checkout and save it there.
      </p>
    </div>
  );
}

function AddressCard({ address, onChanged }: { address: Address; onChanged: () => void }) {
  const user = useUser();
  const [point, pointStore] = useDeliveryPoint(user.id);
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState({ label: address.label, line: address.line, notes: address.notes ?? '' });
  const [errors, setErrors] = useState<{ label?: string; line?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const titleId = `address-${address.id}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    const label = draft.label.trim();
    const line = draft.line.trim();
    const next = {
      label: label ? undefined : 'Give it a name, such as Home or Work',
      line: line.length >= 5 ? undefined : 'Enter the street, number and floor',
    };
    setErrors(next);
    if (next.label || next.line) return;
    setPending(true);
    try {
      const { address: saved } = await api.addresses.update(address.id, {
        label,
        line,
        notes: draft.notes.trim() || null,
      });
      // Checkout delivers to this address: its words change there too.
      if (point?.addressId === saved.id) pointStore.update({ line: addressText(saved) });
      toast.success(`Saved “${saved.label}”`);
      setMode('view');
      onChanged();
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors({ label: fields.label, line: fields.line, form: describeError(error) });
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    setPending(true);
    try {
      await api.addresses.remove(address.id);
      if (point?.addressId === address.id) pointStore.update({ addressId: null });
      toast.success(`Deleted “${address.label}”`);
      onChanged();
    } catch (error) {
      toast.error(describeError(error));
      setPending(false);
      setMode('view');
    }
  }

  if (mode === 'edit')
    return (
      <Card className="p-4">
        <form onSubmit={save} noValidate className="space-y-3" aria-labelledby={titleId}>
          <h2 id={titleId} className="font-semibold text-fg">
            Edit “{address.label}”
          </h2>
          <TextField
            label="Name"
            name="label"
            value={draft.label}
            onChange={(e) => setDraft((d) => ({ ...d, label: e.target.value }))}
            error={errors.label}
            maxLength={60}
            autoFocus
          />
          <TextAreaField
            label="Address"
            name="line"
            rows={2}
            autoComplete="street-address"
            value={draft.line}
            onChange={(e) => setDraft((d) => ({ ...d, line: e.target.value }))}
            error={errors.line}
            maxLength={500}
          />
          <TextAreaField
            label="Notes for the partner (optional)"
            name="notes"
            rows={2}
            value={draft.notes}
            onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))}
            maxLength={500}
          />
          {errors.form && (
            <p role="alert" className="text-sm text-danger">
              {errors.form}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" pending={pending}>
              Save changes
            </Button>
            <Button variant="ghost" onClick={() => setMode('view')} disabled={pending}>
              Cancel
            </Button>
          </div>
        </form>
      </Card>
    );

  return (
    <Card className="space-y-3 p-4">
      <div className="flex gap-3">
        <Bookmark aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-fg-muted" />
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="font-semibold text-fg">
            {address.label}
          </h2>
          <p className="whitespace-pre-line text-sm text-fg">{address.line}</p>
          {address.notes && <p className="mt-1 whitespace-pre-line text-sm text-fg-muted">Notes: {address.notes}</p>}
          <p className="mt-1 text-xs text-fg-muted">Pin at {formatPoint(address.location)}</p>
        </div>
      </div>
      {mode === 'confirm-delete' ? (
        <div
          role="alertdialog"
          aria-labelledby={`${titleId}-confirm`}
          className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft p-3 ring-1 ring-danger-border"
        >
          <p id={`${titleId}-confirm`} className="flex-1 text-sm font-medium text-danger-soft-fg">
            Delete “{address.label}”? Orders already placed keep their address.
          </p>
          <Button variant="danger" pending={pending} onClick={remove} autoFocus>
            Yes, delete
          </Button>
          <Button variant="ghost" onClick={() => setMode('view')} disabled={pending}>
            Keep it
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => setMode('edit')} aria-describedby={titleId}>
            <Pencil aria-hidden="true" className="size-4" />
            Edit
          </Button>
          <Button variant="danger" size="sm" onClick={() => setMode('confirm-delete')} aria-describedby={titleId}>
            <Trash2 aria-hidden="true" className="size-4" />
            Delete
          </Button>
        </div>
      )}
    </Card>
  );
}
