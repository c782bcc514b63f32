import type { Location } from '@swyft/contract';
import { Bookmark, CircleAlert, LocateFixed, MapPinned, Store as StoreIcon } from 'lucide-react';
import { type KeyboardEvent, type Ref, useCallback, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError, fieldErrors } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Address, DeliveryQuote, Store } from '../api/types';
import { TextAreaField, TextField } from '../components/field';
import { Button } from '../components/ui';
import { formatDistance } from '../geo/geo-text';
import { type Resource, useResource } from '../lib/use-resource';
import { MapSlot, PinMap } from '../map/lazy-maps';
import { type DeliveryPoint, type DeliveryPointStore, useDeliveryPoint } from '../state/delivery-point';

/** Where a map with nothing else to go by starts: Berlin Mitte. */
const FALLBACK_POINT: Location = { lat: 52.52, lng: 13.405 };
const MAX_ADDRESS_TEXT = 500;

/** The order's address text for a saved address: its line, and its notes for the partner. */
export function addressText(address: Pick<Address, 'line' | 'notes'>): string {
  const notes = address.notes?.trim();
  return (notes ? `${address.line}\n${notes}` : address.line).slice(0, MAX_ADDRESS_TEXT);
}

export type QuoteState =
  | { status: 'idle' }
  | { status: 'loading'; at: Location }
  | { status: 'ready'; at: Location; quote: DeliveryQuote }
  | { status: 'outside'; at: Location }
  | { status: 'error'; at: Location; error: unknown };

/** `GET /delivery-quote` for a point, asked again (after a short pause) each time the point moves. */
export function useDeliveryQuote(at: Location | null, delayMs = 300): QuoteState & { retry: () => void } {
  const [state, setState] = useState<QuoteState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const lat = at?.lat;
  const lng = at?.lng;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the point's coordinates are what matter
  useEffect(() => {
    if (lat === undefined || lng === undefined) {
      setState({ status: 'idle' });
      return;
    }
    const point = { lat, lng };
    let live = true;
    setState({ status: 'loading', at: point });
    const timer = setTimeout(() => {
      api.stores.quote(point).then(
        (quote) => live && setState({ status: 'ready', at: point, quote }),
        (error: unknown) => {
          if (!live) return;
          if (error instanceof ApiError && error.code === 'outside_delivery_area')
            setState({ status: 'outside', at: point });
          else setState({ status: 'error', at: point, error });
        },
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lat, lng, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}

export interface CheckoutDelivery {
  point: DeliveryPoint | null;
  pointStore: DeliveryPointStore;
  addresses: Resource<Address[]>;
  stores: Resource<Store[]>;
  quote: ReturnType<typeof useDeliveryQuote>;
  /** Bumped to bring the pin into view on the map. */
  recentre: number;
  setRecentre: (update: (n: number) => number) => void;
  reloadAddresses: () => void;
}

/**
 * The checkout's delivery point: the remembered one, else the newest saved address, else the first store's
 * door (for the pin to start from); its quote, kept in step with the point; the saved addresses and stores.
 */
export function useCheckoutDelivery(userId: string): CheckoutDelivery {
  const [point, pointStore] = useDeliveryPoint(userId);
  const addresses = useResource(() => api.addresses.list().then((answer) => answer.items), []);
  const stores = useResource(() => api.stores.list({ limit: 100 }).then((page) => page.items), []);
  const [recentre, setRecentre] = useState(0);

  const savedList = addresses.status === 'ready' ? addresses.data : null;
  const storeList = stores.status === 'ready' ? stores.data : null;
  useEffect(() => {
    if (point || addresses.status === 'loading' || stores.status === 'loading') return;
    const newest = savedList?.[0];
    if (newest)
      pointStore.set({ location: newest.location, line: addressText(newest), addressId: newest.id, storeId: null });
    else {
      // Before addresses could be saved, checkout remembered the last address text: keep it.
      const legacy = localStorage.getItem(`swyft.address.${userId}`) ?? '';
      pointStore.set({
        location: storeList?.[0]?.location ?? FALLBACK_POINT,
        line: legacy,
        addressId: null,
        storeId: null,
      });
    }
  }, [point, addresses.status, stores.status, savedList, storeList, pointStore, userId]);

  const quote = useDeliveryQuote(point?.location ?? null);
  // The shop shows the stock of the store that serves the point.
  useEffect(() => {
    if (quote.status === 'ready') pointStore.update({ storeId: quote.quote.store.id });
    else if (quote.status === 'outside') pointStore.update({ storeId: null });
  }, [quote, pointStore]);

  return {
    point,
    pointStore,
    addresses,
    stores,
    quote,
    recentre,
    setRecentre,
    reloadAddresses: addresses.reload,
  };
}

type LocateProblem = string | null;

function geolocationProblem(error: GeolocationPositionError | null): string {
  switch (error?.code) {
    case 1:
      return 'You did not allow Swyft to use your location. Drag the pin to your door instead, or allow location for this site in your browser’s settings.';
    case 3:
      return 'Finding your location took too long. Try again, or drag the pin to your door.';
    case 2:
      return 'Your location is not available right now. Drag the pin to your door instead.';
    default:
      return 'This browser cannot share your location. Drag the pin to your door instead.';
  }
}

/** "Deliver to": saved addresses as choices, or a pin on the map; the quote for the point; saving it. */
export function DeliveryPointSection({
  delivery,
  lineError,
  lineRef,
  quoteRef,
}: {
  delivery: CheckoutDelivery;
  lineError?: string | undefined;
  lineRef?: Ref<HTMLTextAreaElement>;
  quoteRef?: Ref<HTMLDivElement>;
}) {
  const { point, pointStore, addresses, stores, quote, recentre, setRecentre } = delivery;
  const savedList = addresses.status === 'ready' ? addresses.data : [];
  const storeList = stores.status === 'ready' ? stores.data : [];
  const saved = point?.addressId ? (savedList.find((a) => a.id === point.addressId) ?? null) : null;
  // A saved address that is gone (deleted elsewhere; or just saved, until the list reloads) is a plain point.
  const mode: 'saved' | 'map' =
    point?.addressId && (saved || addresses.status !== 'ready' || addresses.refreshing) ? 'saved' : 'map';
  const [locating, setLocating] = useState(false);
  const [locateProblem, setLocateProblem] = useState<LocateProblem>(null);

  function choose(address: Address | null) {
    if (!point) return;
    if (address) {
      pointStore.update({ location: address.location, line: addressText(address), addressId: address.id });
    } else {
      pointStore.update({ addressId: null, line: '' });
    }
    setRecentre((n) => n + 1);
  }

  function movePin(to: Location) {
    setLocateProblem(null);
    pointStore.update({ location: to, addressId: null });
  }

  function locate() {
    setLocateProblem(null);
    if (!('geolocation' in navigator)) {
      setLocateProblem(geolocationProblem(null));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        const to = {
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          lng: Math.round(position.coords.longitude * 1e6) / 1e6,
        };
        pointStore.update({ location: to, addressId: null });
        setRecentre((n) => n + 1);
      },
      (error) => {
        setLocating(false);
        setLocateProblem(geolocationProblem(error));
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }

  const servingStoreId = quote.status === 'ready' ? quote.quote.store.id : null;
  return (
    <section aria-labelledby="deliver-to" className="space-y-4">
      <h2 id="deliver-to" className="text-lg font-bold text-fg">
        Deliver to
      </h2>

      {savedList.length > 0 && (
        <fieldset>
          <legend className="sr-only">Saved addresses</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {savedList.map((address) => (
              <label key={address.id} className={choiceClass}>
                <input
                  type="radio"
                  name="deliver-to"
                  checked={point?.addressId === address.id}
                  onChange={() => choose(address)}
                  className="size-4 shrink-0 accent-(--color-accent) focus-visible:outline-none"
                />
                <Bookmark aria-hidden="true" className="size-5 shrink-0 text-fg-muted" />
                <span className="min-w-0">
                  <span className="block text-sm font-semibold text-fg">{address.label}</span>
                  <span className="block truncate text-xs text-fg-muted">{address.line}</span>
                </span>
              </label>
            ))}
            <label className={choiceClass}>
              <input
                type="radio"
                name="deliver-to"
                checked={mode === 'map'}
                onChange={() => choose(null)}
                className="size-4 shrink-0 accent-(--color-accent) focus-visible:outline-none"
              />
              <MapPinned aria-hidden="true" className="size-5 shrink-0 text-fg-muted" />
              <span>
                <span className="block text-sm font-semibold text-fg">Somewhere else</span>
                <span className="block text-xs text-fg-muted">Put a pin on the map</span>
              </span>
            </label>
          </div>
        </fieldset>
      )}

      {mode === 'map' && (
        <div className="space-y-2">
          <Button variant="secondary" onClick={locate} pending={locating}>
            <LocateFixed aria-hidden="true" className="size-4" />
            {locating ? 'Finding you…' : 'Use my location'}
          </Button>
          {locateProblem && (
            <p role="alert" className="flex gap-2 text-sm text-danger">
              <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              {locateProblem}
            </p>
          )}
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        {point ? (
          <MapSlot className="h-72 sm:h-80">
            <PinMap
              label={mode === 'map' ? 'Delivery point map: drag the pin to your door' : 'Map of the chosen address'}
              pin={point.location}
              onPinChange={mode === 'map' ? movePin : undefined}
              stores={storeList}
              servingStoreId={servingStoreId}
              recentre={recentre}
            />
          </MapSlot>
        ) : (
          <div className="h-72 motion-safe:animate-pulse rounded-2xl border border-border bg-surface-muted sm:h-80">
            <span className="sr-only">Loading the map…</span>
          </div>
        )}
        <div className="space-y-3">
          <QuotePanel quote={quote} stores={storeList} panelRef={quoteRef} />
          {quote.status === 'error' && (
            <Button variant="secondary" size="sm" onClick={quote.retry}>
              Check again
            </Button>
          )}
          {mode === 'saved' && saved && (
            <div className="rounded-xl bg-surface-muted p-3 text-sm">
              <p className="font-semibold text-fg">{saved.label}</p>
              <p className="whitespace-pre-line text-fg">{saved.line}</p>
              {saved.notes && <p className="mt-1 whitespace-pre-line text-fg-muted">Notes: {saved.notes}</p>}
            </div>
          )}
        </div>
      </div>

      {mode === 'map' && point && (
        <>
          <TextAreaField
            ref={lineRef}
            label="Delivery address"
            name="address"
            rows={2}
            autoComplete="street-address"
            placeholder="Street and number, floor, door code"
            value={point.line}
            onChange={(e) => pointStore.update({ line: e.target.value })}
            error={lineError}
            hint="The partner reads this at the door; the pin on the map is where they ride to."
            maxLength={MAX_ADDRESS_TEXT}
            required
          />
          <SaveAddress point={point} pointStore={pointStore} onSaved={delivery.reloadAddresses} />
        </>
      )}
    </section>
  );
}

const choiceClass =
  'flex min-h-14 cursor-pointer items-center gap-3 rounded-xl border border-border-strong p-3 has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:checked]:ring-1 has-[:checked]:ring-accent has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--focus-ring)';

/** What the quote says, as words (and spoken: a polite live region, present before its text changes). */
export function QuotePanel({
  quote,
  stores,
  panelRef,
}: {
  quote: QuoteState;
  stores: readonly Store[];
  panelRef?: Ref<HTMLDivElement> | undefined;
}) {
  const areas = stores.filter((store) => store.deliveryArea);
  const tone =
    quote.status === 'outside'
      ? 'bg-danger-soft text-danger-soft-fg ring-danger-border'
      : quote.status === 'ready'
        ? 'bg-accent-soft text-accent-soft-fg ring-accent'
        : 'bg-surface-muted text-fg ring-border';
  return (
    <div
      ref={panelRef}
      tabIndex={-1}
      role="status"
      aria-atomic="true"
      data-testid="delivery-quote"
      data-quote={quote.status}
      className={`rounded-xl p-3 text-sm ring-1 ${tone}`}
    >
      {quote.status === 'ready' && (
        <>
          <p className="flex items-center gap-2 font-semibold">
            <StoreIcon aria-hidden="true" className="size-4 shrink-0" />
            Delivered from {quote.quote.store.name}
          </p>
          <p className="mt-1">
            {formatDistance(quote.quote.distanceMeters)} from the store · arrives in about {quote.quote.etaMinutes} min
          </p>
        </>
      )}
      {quote.status === 'outside' && (
        <>
          <p className="flex items-center gap-2 font-bold">
            <CircleAlert aria-hidden="true" className="size-4 shrink-0" />
            We don’t deliver here yet
          </p>
          <p className="mt-1">
            {areas.length > 0
              ? 'Move the pin into one of the green areas on the map, or choose another address.'
              : 'Choose another point or address.'}
          </p>
          {areas.length > 0 && (
            <>
              <p className="mt-2 font-semibold">We deliver around:</p>
              <ul className="list-disc pl-5">
                {areas.map((store) => (
                  <li key={store.id}>
                    {store.name}, {store.address}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {(quote.status === 'loading' || quote.status === 'idle') && <p>Checking who delivers here…</p>}
      {quote.status === 'error' && (
        <p>
          Could not check delivery for this point ({describeError(quote.error)}). You can still place the order; it is
          checked again then.
        </p>
      )}
    </div>
  );
}

/** "Save this address": a label and notes for the current pin and address line (POST /me/addresses). */
function SaveAddress({
  point,
  pointStore,
  onSaved,
}: {
  point: DeliveryPoint;
  pointStore: DeliveryPointStore;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ label?: string; line?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const labelRef = useRef<HTMLInputElement>(null);

  async function save() {
    if (pending) return;
    const line = point.line.trim();
    const next: typeof errors = {};
    if (!label.trim()) next.label = 'Give it a name, such as Home or Work';
    if (line.length < 5) next.line = 'Fill in the delivery address above first';
    setErrors(next);
    if (next.label || next.line) {
      if (next.label) labelRef.current?.focus();
      return;
    }
    setPending(true);
    try {
      const { address } = await api.addresses.create({
        label: label.trim(),
        line,
        location: point.location,
        notes: notes.trim() || null,
      });
      pointStore.update({ addressId: address.id, location: address.location, line: addressText(address) });
      toast.success(`Saved “${address.label}”`);
      setOpen(false);
      setLabel('');
      setNotes('');
      onSaved();
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors({ label: fields.label, form: fields.label ? undefined : describeError(error) });
    } finally {
      setPending(false);
    }
  }

  // Enter in these fields saves the address; it must not place the order (the outer form).
  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    }
  };

  if (!open)
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-expanded="false">
        <Bookmark aria-hidden="true" className="size-4" />
        Save this address for next time
      </Button>
    );
  return (
    <fieldset className="space-y-3 rounded-xl border border-border p-3">
      <legend className="px-1 font-semibold text-fg">Save this address</legend>
      <TextField
        ref={labelRef}
        label="Name"
        name="address-label"
        placeholder="Home, Work, Mum’s…"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
        onKeyDown={onEnter}
        error={errors.label}
        maxLength={60}
        autoFocus
      />
      <TextAreaField
        label="Notes for the partner (optional)"
        name="address-notes"
        rows={2}
        placeholder="Ring twice; the door is round the back"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        maxLength={500}
      />
      {(errors.line || errors.form) && (
        <p role="alert" className="text-sm text-danger">
          {errors.line ?? errors.form}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button onClick={save} pending={pending}>
          Save address
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
          Not now
        </Button>
      </div>
    </fieldset>
  );
}
