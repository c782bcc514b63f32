import { Package, Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { describeError, fieldErrors } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Product } from '../api/types';
import { inputClassName, TextField } from '../components/field';
import { formatMoney } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ProductImage } from '../components/product-image';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Card, PageTitle } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { centsToInput, parsePriceToCents, parseStock } from './money-input';
import { PagerFooter, useCursorPages, useSearchText } from './pager';

export function ProductsPage() {
  useDocumentTitle('Products');
  const [created, setCreated] = useState(0);
  const pages = useCursorPages();
  const { search, setSearch, q } = useSearchText(pages);
  const products = useResource(
    () =>
      api.products.list({
        all: 'true',
        limit: 50,
        ...(q ? { q } : {}),
        ...(pages.cursor ? { cursor: pages.cursor } : {}),
      }),
    [q, pages.cursor, created],
  );

  return (
    <div className="space-y-4">
      <PageTitle>Products</PageTitle>
      <NewProductForm onCreated={() => setCreated((n) => n + 1)} />
      <Card className="p-4">
        <label className="block max-w-md space-y-1 text-sm font-medium text-fg">
          <span>Search products</span>
          <input
            type="search"
            className={`${inputClassName} !py-2 !text-sm`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </Card>
      <ResourceView resource={products} errorTitle="Could not load products">
        {(data, refreshing) =>
          data.items.length === 0 ? (
            <EmptyState icon={Package} title={q ? 'No product matches' : 'No products yet'}>
              {q ? 'Try another name.' : 'Create the first one above.'}
            </EmptyState>
          ) : (
            <Card className="overflow-hidden">
              <ul className="divide-y divide-border" aria-label="Products">
                {data.items.map((product) => (
                  <ProductRow key={`${product.id}:${product.updatedAt}`} product={product} />
                ))}
              </ul>
              <PagerFooter pages={pages} nextCursor={data.nextCursor} busy={refreshing} />
            </Card>
          )
        }
      </ResourceView>
    </div>
  );
}

function NewProductForm({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', description: '', price: '', stock: '0' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const priceCents = parsePriceToCents(form.price);
    const stock = parseStock(form.stock);
    const found = {
      name: form.name.trim() ? undefined : 'Enter a name',
      price: priceCents === null ? 'Enter a price such as 2.49' : undefined,
      stock: stock === null ? 'Enter a whole number' : undefined,
    };
    setErrors(found);
    if (found.name || found.price || found.stock) return;
    setPending(true);
    try {
      const { product } = await api.products.create({
        name: form.name.trim(),
        description: form.description.trim(),
        priceCents: priceCents!,
        stock: stock!,
      });
      toast.success(`${product.name} is in the shop`);
      setForm({ name: '', description: '', price: '', stock: '0' });
      setOpen(false);
      onCreated();
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors({ name: fields.name, price: fields.priceCents, stock: fields.stock });
      toast.error(describeError(error));
    } finally {
      setPending(false);
    }
  }

  if (!open)
    return (
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="size-4" />
        New product
      </Button>
    );
  return (
    <Card className="p-4">
      <form onSubmit={submit} noValidate className="grid gap-3 md:grid-cols-[2fr_3fr_8rem_8rem]">
        <TextField
          label="Name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={errors.name}
          autoFocus
        />
        <TextField
          label="Description"
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.target.value })}
        />
        <TextField
          label="Price (€)"
          inputMode="decimal"
          value={form.price}
          onChange={(e) => setForm({ ...form, price: e.target.value })}
          error={errors.price}
          placeholder="2.49"
        />
        <TextField
          label="Stock"
          inputMode="numeric"
          value={form.stock}
          onChange={(e) => setForm({ ...form, stock: e.target.value })}
          error={errors.stock}
        />
        <div className="flex gap-2 md:col-span-4">
          <Button type="submit" pending={pending}>
            Create product
          </Button>
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** One product with its price, stock and state editable in place. */
function ProductRow({ product: initial }: { product: Product }) {
  const [product, setProduct] = useState(initial);
  const [price, setPrice] = useState(centsToInput(initial.priceCents));
  const [stock, setStock] = useState(String(initial.stock));
  const [pending, setPending] = useState<'save' | 'active' | null>(null);
  const priceCents = parsePriceToCents(price);
  const stockValue = parseStock(stock);
  const dirty = priceCents !== product.priceCents || stockValue !== product.stock;
  const valid = priceCents !== null && stockValue !== null;

  async function save(patch: { priceCents?: number; stock?: number; active?: boolean }, kind: 'save' | 'active') {
    setPending(kind);
    try {
      const { product: updated } = await api.products.update(product.id, patch);
      setProduct(updated);
      setPrice(centsToInput(updated.priceCents));
      setStock(String(updated.stock));
      toast.success(
        kind === 'active'
          ? `${updated.name} is ${updated.active ? 'back in the shop' : 'hidden from the shop'}`
          : `${updated.name} saved`,
      );
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setPending(null);
    }
  }

  return (
    <li className={`flex flex-wrap items-center gap-3 px-4 py-3 ${product.active ? '' : 'bg-surface-muted'}`}>
      <ProductImage product={product} dimmed={!product.active} className="size-10" />
      <div className="min-w-40 flex-1">
        <p className={`font-semibold ${product.active ? 'text-fg' : 'text-fg-muted line-through'}`}>{product.name}</p>
        <p className="text-xs text-fg-muted">
          {formatMoney(product.priceCents)} · {product.stock} in stock {product.active ? '' : '· inactive'}
        </p>
      </div>
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty && valid) void save({ priceCents: priceCents!, stock: stockValue! }, 'save');
        }}
      >
        <label className="flex items-center gap-1.5 text-xs font-medium text-fg-muted">
          Price
          <input
            className={`${inputClassName} !w-24 !py-1.5 !text-sm`}
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            aria-invalid={priceCents === null ? true : undefined}
            aria-label={`Price of ${product.name}`}
          />
        </label>
        <label className="flex items-center gap-1.5 text-xs font-medium text-fg-muted">
          Stock
          <input
            className={`${inputClassName} !w-20 !py-1.5 !text-sm`}
            inputMode="numeric"
            value={stock}
            onChange={(e) => setStock(e.target.value)}
            aria-invalid={stockValue === null ? true : undefined}
            aria-label={`Stock of ${product.name}`}
          />
        </label>
        <Button type="submit" size="sm" disabled={!dirty || !valid || pending !== null} pending={pending === 'save'}>
          Save
        </Button>
        <Button
          size="sm"
          variant={product.active ? 'danger' : 'secondary'}
          pending={pending === 'active'}
          disabled={pending !== null}
          onClick={() => save({ active: !product.active }, 'active')}
        >
          {product.active ? 'Deactivate' : 'Activate'}
        </Button>
      </form>
    </li>
  );
}
