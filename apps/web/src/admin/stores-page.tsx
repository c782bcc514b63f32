import { Circle, MapPinned, Plus, Store as StoreIcon, Trash2 } from 'lucide-react';
import { type FormEvent, lazy, Suspense, useCallback, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { DeliveryArea, Location, Store } from '../api/types';
import { inputClassName, selectClass, TextField } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, LoadingState, ResourceView } from '../components/states';
import { Button, Card, PageTitle, primaryLinkClass } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { areaToText, circleArea, describeArea, parseAreaText } from './stores/area-geojson';
import { describeRefusal, loadAllStores, type Refusal } from './stores/store-data';

// Leaflet and Leaflet-Geoman load with the page that shows them, not with the admin area.
const StoresOverviewMap = lazy(() => import('./stores/store-maps').then((m) => ({ default: m.StoresOverviewMap })));
const StoreEditorMap = lazy(() => import('./stores/store-maps').then((m) => ({ default: m.StoreEditorMap })));

const MAX_PREP_MINUTES = 240;

/** `/admin/stores` (the map and the list), `/admin/stores/new` and `/admin/stores/:storeId` (the editor). */
export function StoresPage() {
  const { storeId } = useParams();
  const creating = storeId === 'new';
  useDocumentTitle(creating ? 'New store' : storeId ? 'Edit store' : 'Stores');
  const [version, setVersion] = useState(0);
  const stores = useResource(loadAllStores, [version]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const navigate = useNavigate();
  const reload = useCallback(() => setVersion((n) => n + 1), []);

  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          !creating && (
            <Link to="/admin/stores/new" className={primaryLinkClass}>
              <Plus aria-hidden="true" className="size-4" />
              New store
            </Link>
          )
        }
      >
        Stores
      </PageTitle>
      <ResourceView resource={stores} errorTitle="Could not load the stores">
        {(all) => {
          const editing = storeId && !creating ? all.find((store) => store.id === storeId) : undefined;
          if (storeId && !creating && !editing)
            return (
              <EmptyState icon={StoreIcon} title="No such store" action={<Link to="/admin/stores">All stores</Link>}>
                It may have been removed.
              </EmptyState>
            );
          return (
            <>
              {(creating || editing) && (
                <StoreEditor
                  key={editing?.id ?? 'new'}
                  store={editing}
                  others={all.filter((store) => store.id !== editing?.id)}
                  onDone={(saved) => {
                    reload();
                    if (saved) setSelectedId(saved.id);
                    navigate('/admin/stores');
                  }}
                />
              )}
              <div className={creating || editing ? '' : 'grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_26rem]'}>
                {!(creating || editing) && (
                  <Suspense fallback={<LoadingState rows={1} label="Loading the map…" />}>
                    <StoresOverviewMap
                      stores={all}
                      selectedId={selectedId}
                      onSelect={setSelectedId}
                      className="h-80 sm:h-[28rem] xl:h-[36rem]"
                    />
                  </Suspense>
                )}
                <StoreList stores={all} selectedId={selectedId ?? editing?.id} onChanged={reload} />
              </div>
            </>
          );
        }}
      </ResourceView>
    </div>
  );
}

/** The text alternative of the map, and where stores are opened and switched on or off. */
function StoreList({
  stores,
  selectedId,
  onChanged,
}: {
  stores: Store[];
  selectedId: string | null | undefined;
  onChanged: () => void;
}) {
  const active = stores.filter((store) => store.active).length;
  return (
    <Card className="overflow-hidden">
      <h2 className="border-b border-border px-4 py-3 text-sm font-bold text-fg">
        {stores.length} {stores.length === 1 ? 'store' : 'stores'}, {active} active
      </h2>
      {stores.length === 0 ? (
        <p className="px-4 py-6 text-sm text-fg-muted">No stores yet.</p>
      ) : (
        <ul aria-label="Stores" className="divide-y divide-border xl:max-h-[33rem] xl:overflow-y-auto">
          {stores.map((store) => (
            <StoreRow
              key={`${store.id}:${store.updatedAt}`}
              store={store}
              selected={store.id === selectedId}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function StoreRow({ store, selected, onChanged }: { store: Store; selected: boolean; onChanged: () => void }) {
  const [pending, setPending] = useState(false);
  async function toggle() {
    setPending(true);
    try {
      const { store: updated } = await api.stores.update(store.id, { active: !store.active });
      toast.success(`${updated.name} is ${updated.active ? 'active again' : 'inactive: it takes no new orders'}`);
      onChanged();
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setPending(false);
    }
  }
  return (
    <li
      data-store-id={store.id}
      aria-current={selected || undefined}
      className={`space-y-1 px-4 py-3 ${selected ? 'bg-accent-soft' : store.active ? '' : 'bg-surface-muted'}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold text-fg">{store.name}</h3>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${
            store.active
              ? 'bg-accent-soft text-accent-soft-fg ring-accent'
              : 'bg-surface text-fg-muted ring-border-strong'
          }`}
        >
          {store.active ? 'Active' : 'Inactive'}
        </span>
      </div>
      <p className="text-sm text-fg-muted">{store.address}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs text-fg-muted">
        <dt>Preparation</dt>
        <dd>{store.prepMinutes} min</dd>
        <dt>Location</dt>
        <dd className="tabular-nums">
          {store.location.lat.toFixed(5)}, {store.location.lng.toFixed(5)}
        </dd>
        <dt>Delivery area</dt>
        <dd>{describeArea(store.deliveryArea)}</dd>
      </dl>
      <div className="flex flex-wrap gap-2 pt-1">
        <Link
          to={`/admin/stores/${store.id}`}
          className="tap inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-semibold text-fg ring-1 ring-border-strong hover:bg-surface-muted"
          aria-label={`Edit ${store.name}`}
        >
          Edit
        </Link>
        <Link
          to={`/admin/stock?store=${store.id}`}
          className="tap inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-semibold text-fg ring-1 ring-border-strong hover:bg-surface-muted"
          aria-label={`Stock of ${store.name}`}
        >
          Stock
        </Link>
        <Button
          size="sm"
          variant={store.active ? 'danger' : 'secondary'}
          pending={pending}
          onClick={toggle}
          aria-label={`${store.active ? 'Deactivate' : 'Activate'} ${store.name}`}
        >
          {store.active ? 'Deactivate' : 'Activate'}
        </Button>
      </div>
    </li>
  );
}

const parseCoordinate = (text: string, limit: number): number | null => {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
};

/** Create or edit one store: fields, the map (pin and area), and the GeoJSON box that mirrors the area. */
function StoreEditor({
  store,
  others,
  onDone,
}: {
  store: Store | undefined;
  others: Store[];
  onDone: (saved?: Store) => void;
}) {
  const [name, setName] = useState(store?.name ?? '');
  const [address, setAddress] = useState(store?.address ?? '');
  const [prep, setPrep] = useState(String(store?.prepMinutes ?? 10));
  const [location, setLocationValue] = useState<Location | null>(store?.location ?? null);
  const [latText, setLatText] = useState(store ? String(store.location.lat) : '');
  const [lngText, setLngText] = useState(store ? String(store.location.lng) : '');
  const [area, setAreaValue] = useState<DeliveryArea | null>(store?.deliveryArea ?? null);
  const [areaText, setAreaText] = useState(areaToText(store?.deliveryArea ?? null));
  const [areaProblem, setAreaProblem] = useState<string | undefined>();
  const [areaNote, setAreaNote] = useState<string | undefined>();
  const [radius, setRadius] = useState('2');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  const areaId = useId();

  const setLocation = useCallback((next: Location) => {
    setLocationValue(next);
    setLatText(String(next.lat));
    setLngText(String(next.lng));
  }, []);
  const setAreaFromMap = useCallback((next: DeliveryArea | null) => {
    setAreaValue(next);
    setAreaText(areaToText(next));
    setAreaProblem(undefined);
    setAreaNote(undefined);
    setRefusal(null);
  }, []);

  function typeCoordinate(which: 'lat' | 'lng', text: string) {
    const lat = which === 'lat' ? text : latText;
    const lng = which === 'lng' ? text : lngText;
    if (which === 'lat') setLatText(text);
    else setLngText(text);
    const latValue = parseCoordinate(lat, 90);
    const lngValue = parseCoordinate(lng, 180);
    if (latValue !== null && lngValue !== null) setLocationValue({ lat: latValue, lng: lngValue });
  }

  function typeArea(text: string) {
    setAreaText(text);
    setRefusal(null);
    const parsed = parseAreaText(text);
    if (parsed.ok) {
      setAreaValue(parsed.area);
      setAreaProblem(undefined);
      setAreaNote(parsed.note);
    } else {
      setAreaProblem(parsed.error);
      setAreaNote(undefined);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const prepMinutes = /^\d+$/.test(prep.trim()) ? Number(prep.trim()) : null;
    const found = {
      name: name.trim() ? undefined : 'Enter a name',
      address: address.trim() ? undefined : 'Enter the address',
      prepMinutes:
        prepMinutes !== null && prepMinutes <= MAX_PREP_MINUTES
          ? undefined
          : `Enter whole minutes from 0 to ${MAX_PREP_MINUTES}`,
      location:
        location && parseCoordinate(latText, 90) !== null && parseCoordinate(lngText, 180) !== null
          ? undefined
          : 'Place the store: click the map, or enter its latitude and longitude',
    };
    setErrors(found);
    setRefusal(null);
    if (found.name || found.address || found.prepMinutes || found.location || areaProblem) {
      toast.error('Check the highlighted fields');
      return;
    }
    const body = {
      name: name.trim(),
      address: address.trim(),
      prepMinutes: prepMinutes!,
      location: location!,
      deliveryArea: area,
    };
    setPending(true);
    try {
      let saved: Store;
      if (store) {
        const changes = Object.fromEntries(
          Object.entries(body).filter(
            ([key, value]) => JSON.stringify(value) !== JSON.stringify(store[key as keyof typeof body]),
          ),
        );
        if (Object.keys(changes).length === 0) {
          toast.info('Nothing changed');
          onDone(store);
          return;
        }
        saved = (await api.stores.update(store.id, changes)).store;
        toast.success(`${saved.name} saved`);
      } else {
        saved = (await api.stores.create(body)).store;
        toast.success(`${saved.name} is open: it delivers ${saved.deliveryArea ? 'in its area' : 'anywhere'}`);
      }
      onDone(saved);
    } catch (error) {
      const described = describeRefusal(error, store ? 'the changes' : 'the new store');
      setRefusal(described);
      const byField: Record<string, string | undefined> = {};
      for (const { path, message } of described.fields) {
        const key = path.split('.')[0] ?? '';
        if (key === 'deliveryArea') setAreaProblem(message);
        else byField[key] ??= message;
      }
      setErrors(byField);
      toast.error(described.summary);
    } finally {
      setPending(false);
    }
  }

  const heading = store ? `Edit ${store.name}` : 'New store';
  return (
    <Card className="p-4">
      <h2 className="mb-3 text-lg font-bold text-fg">{heading}</h2>
      <form
        onSubmit={submit}
        noValidate
        aria-label={heading}
        className="grid grid-cols-1 gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]"
      >
        <div className="space-y-3">
          {refusal && (
            <div
              role="alert"
              className="rounded-xl border border-danger-border bg-danger-soft p-3 text-sm text-danger-soft-fg"
            >
              <p className="font-semibold">{refusal.summary}</p>
              {refusal.fields.length > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {refusal.fields.map((f) => (
                    <li key={`${f.path}:${f.message}`}>
                      {f.field}: {f.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            autoFocus
          />
          <TextField
            label="Address"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            error={errors.address}
          />
          <TextField
            label="Preparation time (minutes)"
            inputMode="numeric"
            value={prep}
            onChange={(e) => setPrep(e.target.value)}
            error={errors.prepMinutes}
            hint="From placing an order until it is ready to leave."
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-fg">Location</legend>
            <p className="text-xs text-fg-muted">Click the map or drag the store's pin, or type the coordinates.</p>
            <div className="grid grid-cols-2 gap-2">
              <TextField
                label="Latitude"
                inputMode="decimal"
                value={latText}
                onChange={(e) => typeCoordinate('lat', e.target.value)}
                error={errors.location && !location ? ' ' : undefined}
              />
              <TextField
                label="Longitude"
                inputMode="decimal"
                value={lngText}
                onChange={(e) => typeCoordinate('lng', e.target.value)}
                error={errors.location && !location ? ' ' : undefined}
              />
            </div>
            {errors.location && <p className="text-sm text-danger">{errors.location}</p>}
          </fieldset>
          <div className="space-y-1.5">
            <label htmlFor={areaId} className="block text-sm font-medium text-fg">
              Delivery area (GeoJSON)
            </label>
            <p id={`${areaId}-hint`} className="text-xs text-fg-muted">
              Draw it on the map, or paste a Polygon or MultiPolygon with [longitude, latitude] positions. Empty: the
              store delivers anywhere.
            </p>
            <textarea
              id={areaId}
              className={`${inputClassName} h-40 font-mono !text-xs`}
              spellCheck={false}
              value={areaText}
              onChange={(e) => typeArea(e.target.value)}
              aria-invalid={areaProblem ? true : undefined}
              aria-describedby={`${areaId}-hint ${areaId}-status`}
            />
            <p
              id={`${areaId}-status`}
              role="status"
              className={`text-sm ${areaProblem ? 'text-danger' : 'text-fg-muted'}`}
            >
              {areaProblem ?? `${describeArea(area)}${areaNote ? `. ${areaNote}` : ''}`}
            </p>
            <div className="flex flex-wrap items-end gap-2">
              <label className="space-y-1 text-xs font-medium text-fg-muted">
                <span className="block">Radius</span>
                <select className={selectClass} value={radius} onChange={(e) => setRadius(e.target.value)}>
                  {['1', '2', '3', '5', '8'].map((km) => (
                    <option key={km} value={km}>
                      {km} km
                    </option>
                  ))}
                </select>
              </label>
              <Button
                size="sm"
                variant="secondary"
                disabled={!location}
                onClick={() => location && setAreaFromMap(circleArea(location, Number(radius)))}
              >
                <Circle aria-hidden="true" className="size-4" />
                Area around the store
              </Button>
              <Button size="sm" variant="ghost" disabled={!area && !areaText} onClick={() => setAreaFromMap(null)}>
                <Trash2 aria-hidden="true" className="size-4" />
                Clear area
              </Button>
            </div>
          </div>
          <div className="flex flex-wrap gap-2 pt-2">
            <Button type="submit" pending={pending}>
              {store ? 'Save changes' : 'Create store'}
            </Button>
            <Button variant="ghost" onClick={() => onDone()}>
              Cancel
            </Button>
          </div>
        </div>
        <div className="space-y-2">
          <p className="flex items-center gap-2 text-xs text-fg-muted">
            <MapPinned aria-hidden="true" className="size-4 shrink-0" />
            Use the tools on the map to draw a polygon or rectangle, edit its corners, cut a hole, or remove it. Other
            stores' areas are dashed.
          </p>
          <Suspense fallback={<LoadingState rows={1} label="Loading the map…" />}>
            <StoreEditorMap
              location={location}
              area={area}
              onLocation={setLocation}
              onArea={setAreaFromMap}
              others={others}
              className="h-[30rem] lg:h-[40rem]"
            />
          </Suspense>
        </div>
      </form>
    </Card>
  );
}
