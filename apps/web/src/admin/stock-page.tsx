import { Boxes, CircleCheck, RotateCcw } from 'lucide-react';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { api } from '../api/swyft-api';
import type { Product, Store } from '../api/types';
import { inputClassName, selectClass } from '../components/field';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { MAX_STOCK_ITEMS, rowOfPath, stockChanges } from './stores/stock-form';
import { describeRefusal, loadAllProducts, loadAllStores, type Refusal } from './stores/store-data';

/** `/admin/stock?store=`: one store's stock of every product, edited in place and saved in one go. */
export function StockPage() {
  useDocumentTitle('Stock');
  const stores = useResource(loadAllStores, []);
  const [params, setParams] = useSearchParams();
  const pickerId = useId();

  return (
    <div className="space-y-4">
      <PageTitle>Stock</PageTitle>
      <ResourceView resource={stores} errorTitle="Could not load the stores">
        {(all) => {
          const chosen = all.find((store) => store.id === params.get('store')) ?? all.find((s) => s.active) ?? all[0];
          if (!chosen) return <EmptyState icon={Boxes} title="No stores yet" />;
          return (
            <>
              <Card className="flex flex-wrap items-end gap-3 p-4">
                <div className="space-y-1">
                  <label htmlFor={pickerId} className="block text-sm font-medium text-fg">
                    Store
                  </label>
                  <select
                    id={pickerId}
                    className={`${selectClass} min-w-56`}
                    value={chosen.id}
                    onChange={(e) => setParams({ store: e.target.value })}
                  >
                    {all.map((store) => (
                      <option key={store.id} value={store.id}>
                        {store.name}
                        {store.active ? '' : ' (inactive)'}
                      </option>
                    ))}
                  </select>
                </div>
                <p className="pb-2 text-sm text-fg-muted">{chosen.address}</p>
              </Card>
              <StoreStock key={chosen.id} store={chosen} />
            </>
          );
        }}
      </ResourceView>
    </div>
  );
}

function StoreStock({ store }: { store: Store }) {
  const [version, setVersion] = useState(0);
  const products = useResource((signal) => loadAllProducts(store.id, signal), [store.id, version]);
  return (
    <ResourceView resource={products} errorTitle="Could not load the products">
      {(items) =>
        items.length === 0 ? (
          <EmptyState icon={Boxes} title="No products yet">
            Create products first; then set each store's stock here.
          </EmptyState>
        ) : (
          <StockForm store={store} initial={items} onReload={() => setVersion((n) => n + 1)} />
        )
      }
    </ResourceView>
  );
}

interface Outcome {
  at: Date;
  lines: { name: string; from: number; to: number }[];
}

function StockForm({ store, initial, onReload }: { store: Store; initial: Product[]; onReload: () => void }) {
  const [products, setProducts] = useState(initial);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [search, setSearch] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refusal, setRefusal] = useState<(Refusal & { rows: Record<string, string> }) | null>(null);
  const [changedElsewhere, setChangedElsewhere] = useState<string[]>([]);
  const { client } = useRealtime();
  const { items, invalid } = stockChanges(products, drafts);
  const byId = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);
  const shownLevels = useRef(byId);
  shownLevels.current = byId;

  // Someone else (another admin, a till with an API key) set this store's stock: the levels follow.
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type !== 'stock.updated') return;
        const data = event.data as { storeId: string; items: { productId: string; stock: number }[] };
        if (data.storeId !== store.id) return;
        // Only levels that differ from those on screen: the echo of this page's own save changes nothing.
        const levels = new Map(
          data.items
            .filter((item) => shownLevels.current.get(item.productId)?.stock !== item.stock)
            .map((item) => [item.productId, item.stock]),
        );
        if (levels.size === 0) return;
        setProducts((current) => current.map((p) => (levels.has(p.id) ? { ...p, stock: levels.get(p.id)! } : p)));
        setChangedElsewhere((ids) => [...new Set([...ids, ...levels.keys()])]);
      }),
    [client, store.id],
  );

  const q = search.trim().toLowerCase();
  const shown = q ? products.filter((p) => p.name.toLowerCase().includes(q)) : products;

  async function save(event: FormEvent) {
    event.preventDefault();
    setOutcome(null);
    setRefusal(null);
    if (invalid.length > 0) {
      toast.error(`${invalid.length === 1 ? 'One level is' : `${invalid.length} levels are`} not a whole number`);
      return;
    }
    if (items.length === 0) return;
    if (items.length > MAX_STOCK_ITEMS) {
      toast.error(`Save at most ${MAX_STOCK_ITEMS} changes at a time`);
      return;
    }
    setPending(true);
    try {
      const { items: saved } = await api.stores.setStock(store.id, { items });
      const lines = saved.map((item) => ({
        name: byId.get(item.productId)?.name ?? item.productId,
        from: byId.get(item.productId)?.stock ?? 0,
        to: item.stock,
      }));
      const levels = new Map(saved.map((item) => [item.productId, item.stock]));
      setProducts((current) => current.map((p) => (levels.has(p.id) ? { ...p, stock: levels.get(p.id)! } : p)));
      setDrafts({});
      setChangedElsewhere([]);
      setOutcome({ at: new Date(), lines });
      toast.success(`Saved ${lines.length} stock ${lines.length === 1 ? 'level' : 'levels'} at ${store.name}`);
    } catch (error) {
      const described = describeRefusal(error, 'the stock levels');
      const rows: Record<string, string> = {};
      for (const field of described.fields) {
        const row = rowOfPath(field.path, items);
        if (row) rows[row] ??= field.message;
      }
      setRefusal({ ...described, rows });
      toast.error(`${described.summary} Nothing was saved.`);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={save} noValidate aria-label={`Stock at ${store.name}`} className="space-y-3">
      <Card className="flex flex-wrap items-center gap-3 p-4">
        <label className="min-w-48 flex-1 space-y-1 text-sm font-medium text-fg">
          <span className="block">Find a product</span>
          <input
            type="search"
            className={`${inputClassName} !py-2 !text-sm`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <p className="text-sm text-fg-muted" aria-live="polite">
          {items.length === 0 ? 'No changes' : `${items.length} ${items.length === 1 ? 'change' : 'changes'}`}
          {invalid.length > 0 ? `, ${invalid.length} not a whole number` : ''}
        </p>
        <div className="flex gap-2">
          <Button type="submit" pending={pending} disabled={items.length === 0 || invalid.length > 0}>
            Save stock
          </Button>
          <Button
            variant="ghost"
            disabled={Object.keys(drafts).length === 0 || pending}
            onClick={() => {
              setDrafts({});
              setRefusal(null);
            }}
          >
            <RotateCcw aria-hidden="true" className="size-4" />
            Undo edits
          </Button>
        </div>
      </Card>
      {outcome && (
        <div role="status" className="rounded-2xl border border-border bg-accent-soft p-4 text-sm text-accent-soft-fg">
          <p className="flex items-center gap-2 font-semibold">
            <CircleCheck aria-hidden="true" className="size-4" />
            Saved {outcome.lines.length} stock {outcome.lines.length === 1 ? 'level' : 'levels'} at {store.name} at{' '}
            {outcome.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
          </p>
          <ul className="mt-1 list-disc pl-6">
            {outcome.lines.map((line) => (
              <li key={line.name}>
                {line.name}: {line.from} → {line.to}
              </li>
            ))}
          </ul>
        </div>
      )}
      {refusal && (
        <div
          role="alert"
          className="rounded-2xl border border-danger-border bg-danger-soft p-4 text-sm text-danger-soft-fg"
        >
          <p className="font-semibold">{refusal.summary} Nothing was saved; the levels below are as they were.</p>
          {refusal.fields.length > 0 && (
            <ul className="mt-1 list-disc pl-6">
              {refusal.fields.map((f) => {
                const row = rowOfPath(f.path, items);
                return (
                  <li key={`${f.path}:${f.message}`}>
                    {row ? byId.get(row)?.name : f.field}: {f.message}
                  </li>
                );
              })}
            </ul>
          )}
          <Button size="sm" variant="secondary" className="mt-2" onClick={onReload}>
            Reload the levels
          </Button>
        </div>
      )}
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Stock at {store.name}</caption>
          <thead className="border-b border-border text-left text-xs text-fg-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-semibold">
                Product
              </th>
              <th scope="col" className="px-4 py-2 text-right font-semibold">
                In stock
              </th>
              <th scope="col" className="px-4 py-2 font-semibold">
                New level
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {shown.map((product) => {
              const draft = drafts[product.id];
              const bad = invalid.includes(product.id);
              const changed = items.some((item) => item.productId === product.id);
              const problem =
                refusal?.rows[product.id] ?? (bad ? 'Enter a whole number from 0 to 1,000,000' : undefined);
              return (
                <tr key={product.id} data-product-id={product.id} className={changed ? 'bg-accent-soft' : ''}>
                  <th scope="row" className="px-4 py-2 text-left font-medium text-fg">
                    {product.name}
                    {!product.active && (
                      <span className="ml-2 text-xs font-normal text-fg-muted">(not in the shop)</span>
                    )}
                    {changedElsewhere.includes(product.id) && (
                      <span className="ml-2 text-xs font-normal text-fg-muted">(just changed elsewhere)</span>
                    )}
                  </th>
                  <td className="px-4 py-2 text-right tabular-nums text-fg">{product.stock}</td>
                  <td className="px-4 py-2">
                    <input
                      className={`${inputClassName} !w-28 !py-1.5 !text-sm`}
                      inputMode="numeric"
                      aria-label={`New stock of ${product.name}`}
                      value={draft ?? String(product.stock)}
                      onChange={(e) => setDrafts((d) => ({ ...d, [product.id]: e.target.value }))}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `stock-error-${product.id}` : undefined}
                    />
                    {problem && (
                      <p id={`stock-error-${product.id}`} className="mt-1 text-xs text-danger">
                        {problem}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <p className="px-4 py-6 text-sm text-fg-muted">No product matches.</p>}
      </Card>
    </form>
  );
}
