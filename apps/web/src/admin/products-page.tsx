import { Package, Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { describeError, fieldErrors } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Product, UpdateProductBody } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
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
  const [form, setForm] = useState({ name: '', description: '', category: '', price: '', stock: '0' });
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
        category: form.category.trim() || null,
      });
      toast.success(`${product.name} is in the shop`);
      setForm({ name: '', description: '', category: '', price: '', stock: '0' });
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
      <form onSubmit={submit} noValidate className="grid gap-3 md:grid-cols-[2fr_3fr_10rem_8rem_8rem]">
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
          label="Category"
          value={form.category}
          onChange={(e) => setForm({ ...form, category: e.target.value })}
          placeholder="None"
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
        {parsePriceToCents(form.price) === 0 && (
          <p className="text-sm font-semibold text-warning-soft-fg md:col-span-5" role="status">
            A price of 0 gives the product away: check it before creating it.
          </p>
        )}
        <div className="flex gap-2 md:col-span-5">
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

interface Draft {
  name: string;
  description: string;
  category: string;
  price: string;
  stock: string;
}
const draftOf = (p: Product): Draft => ({
  name: p.name,
  description: p.description,
  category: p.category ?? '',
  price: centsToInput(p.priceCents),
  stock: String(p.stock),
});

/** What the form would send, or why Save cannot be pressed (in words, shown beside it). */
export function productPatch(
  product: Product,
  draft: Draft,
): { patch: UpdateProductBody; zeroPrice: boolean } | { reason: string } {
  const priceCents = parsePriceToCents(draft.price);
  const stock = parseStock(draft.stock);
  if (!draft.name.trim()) return { reason: 'Enter a name to save.' };
  if (priceCents === null) return { reason: 'Enter a price such as 2.49 to save.' };
  if (stock === null) return { reason: 'Enter the stock as a whole number to save.' };
  const category = draft.category.trim() || null;
  const patch: UpdateProductBody = {
    ...(draft.name.trim() !== product.name ? { name: draft.name.trim() } : {}),
    ...(draft.description.trim() !== product.description ? { description: draft.description.trim() } : {}),
    ...(category !== product.category ? { category } : {}),
    ...(priceCents !== product.priceCents ? { priceCents } : {}),
    ...(stock !== product.stock ? { stock } : {}),
  };
  if (Object.keys(patch).length === 0) return { reason: 'Nothing changed yet.' };
  return { patch, zeroPrice: priceCents === 0 };
}

/** One product, every field editable in place; hiding it from the shop is asked first. */
function ProductRow({ product: initial }: { product: Product }) {
  const [product, setProduct] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [pending, setPending] = useState<'save' | 'active' | null>(null);
  const [confirmHide, setConfirmHide] = useState(false);
  const [uploading, setUploading] = useState(false);
  const result = productPatch(product, draft);

  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    try {
      const { product: updated } = await api.products.setImage(product.id, file);
      setProduct(updated);
      toast.success(`New photo of ${updated.name} saved`);
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setUploading(false);
    }
  }
  const reasonId = `product-${product.id}-why`;

  async function save(patch: UpdateProductBody, kind: 'save' | 'active') {
    setPending(kind);
    try {
      const { product: updated } = await api.products.update(product.id, patch);
      setProduct(updated);
      setDraft(draftOf(updated));
      toast.success(
        kind === 'active'
          ? `${updated.name} is ${updated.active ? 'back in the shop' : 'hidden from the shop'}`
          : `${updated.name} saved`,
      );
    } catch (error) {
      toast.error(describeError(error));
      if (kind === 'active') throw error;
    } finally {
      setPending(null);
    }
  }

  const field = (key: keyof Draft, label: string, width: string, extra: object = {}) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-fg-muted">
      {label}
      <input
        className={`${inputClassName} ${width} !py-1.5 !text-sm`}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        aria-label={`${label} of ${product.name}`}
        {...extra}
      />
    </label>
  );

  return (
    <li className={`px-4 py-3 ${product.active ? '' : 'bg-surface-muted'}`} data-product-id={product.id}>
      <div className="flex flex-wrap items-center gap-3">
        <ProductImage product={product} dimmed={!product.active} className="size-10" />
        <div className="min-w-40 flex-1">
          <p className={`font-semibold ${product.active ? 'text-fg' : 'text-fg-muted line-through'}`}>{product.name}</p>
          <p className="text-xs text-fg-muted">
            {formatMoney(product.priceCents)} · {product.stock} in stock
            {product.category ? ` · ${product.category}` : ''} {product.active ? '' : '· inactive'}
          </p>
        </div>
      </div>
      <details className="mt-2">
        <summary className="tap w-fit cursor-pointer rounded-lg px-1 text-sm font-semibold text-accent-text">
          Edit {product.name}
        </summary>
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if ('patch' in result) void save(result.patch, 'save');
          }}
        >
          {field('name', 'Name', '!w-44')}
          {field('description', 'Description', '!w-56')}
          {field('category', 'Category', '!w-32', { placeholder: 'None' })}
          {field('price', 'Price (€)', '!w-24', {
            inputMode: 'decimal',
            'aria-invalid': parsePriceToCents(draft.price) === null ? true : undefined,
          })}
          {field('stock', 'Stock', '!w-20', {
            inputMode: 'numeric',
            'aria-invalid': parseStock(draft.stock) === null ? true : undefined,
          })}
          <Button
            type="submit"
            size="sm"
            disabled={!('patch' in result) || pending !== null}
            pending={pending === 'save'}
            aria-describedby={reasonId}
          >
            Save
          </Button>
          <Button
            size="sm"
            variant={product.active ? 'danger' : 'secondary'}
            pending={pending === 'active'}
            disabled={pending !== null}
            onClick={() => (product.active ? setConfirmHide(true) : save({ active: true }, 'active').catch(() => {}))}
          >
            {product.active ? 'Deactivate' : 'Activate'}
          </Button>
          <label className="flex flex-col gap-1 text-xs font-medium text-fg-muted">
            {uploading ? 'Uploading the photo…' : 'Photo (JPEG, PNG or WebP, up to 5 MB)'}
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              disabled={uploading}
              aria-label={`Photo of ${product.name}`}
              className="max-w-64 text-sm text-fg file:mr-2 file:rounded-lg file:border-0 file:bg-surface-sunken file:px-3 file:py-1.5 file:font-semibold file:text-fg"
              onChange={(e) => {
                void upload(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          <p id={reasonId} className="w-full text-xs text-fg-muted" aria-live="polite">
            {'reason' in result ? (
              result.reason
            ) : result.zeroPrice ? (
              <span className="font-semibold text-warning-soft-fg">
                A price of 0 gives the product away: check it before saving.
              </span>
            ) : (
              'Unsaved changes.'
            )}
          </p>
        </form>
      </details>
      {confirmHide && (
        <ConfirmDialog
          title={`Deactivate ${product.name}?`}
          description="It disappears from the shop at once; orders already placed keep it. You can activate it again."
          confirmLabel="Deactivate"
          onConfirm={() => save({ active: false }, 'active')}
          onClose={() => setConfirmHide(false)}
        />
      )}
    </li>
  );
}
