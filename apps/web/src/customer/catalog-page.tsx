import { Plus, Search, SearchX, X, Zap } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { NavLink, useParams } from 'react-router';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Product } from '../api/types';
import { formatMoney } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { ProductImage } from '../components/product-image';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Spinner } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { useUser } from '../session/session-provider';
import { isSoldOut, quantityOf, reconcileCart } from '../state/cart';
import { useDeliveryPoint } from '../state/delivery-point';
import { QuantityStepper } from './quantity-stepper';
import { type CartApi, useCart } from './use-cart';

const PAGE = 100;
const LOW_STOCK = 5;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The shop's home, or one category's page (`/category/:category`): chips, search as you type, the grid. */
export function CatalogPage() {
  const { category } = useParams();
  useDocumentTitle(category ?? 'Shop');
  const cart = useCart();
  const user = useUser();
  // Stock is the serving store's: the one the last quote for the customer's delivery point named.
  const [point] = useDeliveryPoint(user.id);
  const storeId = point?.storeId ?? undefined;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [more, setMore] = useState<{ items: Product[]; nextCursor: string | null; loading: boolean }>({
    items: [],
    nextCursor: null,
    loading: false,
  });
  const [open, setOpen] = useState<Product | null>(null);
  const closeSheet = useCallback(() => setOpen(null), []);
  const products = useResource(
    () => api.products.list({ q: q || undefined, category, limit: PAGE, storeId }),
    [q, category, storeId],
  );

  const firstPage = products.status === 'ready' ? products.data : null;
  useEffect(() => {
    if (!firstPage) return;
    setMore({ items: [], nextCursor: firstPage.nextCursor, loading: false });
    // Fresh prices and stock: the cart follows them (and drops what is gone).
    cart.store.update((c) => reconcileCart(c, firstPage.items));
  }, [firstPage, cart.store]);

  async function loadMore() {
    if (!more.nextCursor) return;
    setMore((m) => ({ ...m, loading: true }));
    try {
      const page = await api.products.list({
        q: q || undefined,
        category,
        limit: PAGE,
        cursor: more.nextCursor,
        storeId,
      });
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, loading: false }));
    } catch (error) {
      toast.error(describeError(error));
      setMore((m) => ({ ...m, loading: false }));
    }
  }

  return (
    <div className="space-y-4">
      <div className="brand rounded-3xl p-5 shadow-sm">
        <p className="flex items-center gap-1.5 text-sm font-semibold text-brand-fg-muted">
          <Zap aria-hidden="true" className="size-4" fill="currentColor" />
          Delivery in about 10 minutes
        </p>
        <h1 className="mt-1 text-2xl font-extrabold leading-tight">{category ?? 'What do you need today?'}</h1>
        <search className="relative mt-4 block">
          <label htmlFor="catalog-search" className="sr-only">
            Search products
          </label>
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3.5 size-5 -translate-y-1/2 text-fg-muted"
          />
          <input
            id="catalog-search"
            type="search"
            placeholder={category ? `Search in ${category}…` : 'Search milk, bread, bananas…'}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="block h-12 w-full rounded-2xl border-0 bg-surface pr-10 pl-11 text-base text-fg shadow-sm placeholder:text-fg-muted"
          />
          {products.status === 'ready' && products.refreshing && (
            <span className="absolute top-1/2 right-3.5 -translate-y-1/2 text-accent-text">
              <Spinner className="size-4" label="Searching" />
            </span>
          )}
        </search>
      </div>

      <CategoryChips />

      <ResourceView resource={products} errorTitle="Could not load the shop" loading={<ProductGridSkeleton />}>
        {(page) => {
          const items = [...page.items, ...more.items];
          if (items.length === 0)
            return (
              <EmptyState icon={SearchX} title={q ? `Nothing matches “${q}”` : 'The shop is empty'}>
                {q
                  ? 'Try another word, or clear the search.'
                  : category
                    ? 'Nothing in this category right now.'
                    : 'Products will appear here as soon as they are added.'}
              </EmptyState>
            );
          return (
            <section aria-label={q ? `Results for ${q}` : (category ?? 'All products')}>
              <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
                {items.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} cart={cart} onOpen={() => setOpen(product)} />
                  </li>
                ))}
              </ul>
              {more.nextCursor && (
                <div className="mt-4 flex justify-center">
                  <Button variant="secondary" onClick={loadMore} pending={more.loading}>
                    Show more products
                  </Button>
                </div>
              )}
            </section>
          );
        }}
      </ResourceView>
      {open && <ProductSheet product={open} cart={cart} onClose={closeSheet} />}
    </div>
  );
}

/** The categories as a row of chips (links to each category's page); nothing when there are none. */
function CategoryChips() {
  const categories = useResource(() => api.categories.list(), []);
  if (categories.status !== 'ready' || categories.data.items.length === 0) return null;
  const chip = ({ isActive }: { isActive: boolean }) =>
    `tap inline-flex shrink-0 items-center whitespace-nowrap rounded-full border px-4 py-1.5 text-sm font-semibold ${
      isActive
        ? 'border-accent bg-accent text-accent-fg'
        : 'border-border-strong bg-surface text-fg hover:bg-surface-muted'
    }`;
  return (
    <nav aria-label="Categories" className="relative -mx-4 overflow-x-auto px-4 pb-1">
      <ul className="flex gap-2">
        <li>
          <NavLink to="/" end className={chip}>
            All
          </NavLink>
        </li>
        {categories.data.items.map((c) => (
          <li key={c.name}>
            <NavLink to={`/category/${encodeURIComponent(c.name)}`} className={chip}>
              {c.name}
              <span className="sr-only">, {c.productCount} products</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Everything about one product in a sheet (a modal dialog): its photo, category, description, price, Add. */
function ProductSheet({ product, cart, onClose }: { product: Product; cart: CartApi; onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [onClose]);
  const soldOut = isSoldOut(product);
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center sm:items-center sm:p-4">
      <button
        type="button"
        tabIndex={-1}
        aria-hidden="true"
        className="absolute inset-0 cursor-default bg-slate-950/60"
        onClick={onClose}
      />
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="sheet-title"
        className="relative max-h-[90dvh] w-full max-w-md overflow-y-auto rounded-t-3xl bg-surface text-fg shadow-2xl sm:rounded-3xl"
      >
        <div className="relative space-y-3 p-4 pb-6">
          <ProductImage product={product} dimmed={soldOut} className="h-44 w-full rounded-2xl" />
          <button
            ref={closeButton}
            type="button"
            onClick={onClose}
            className="tap absolute top-6 right-6 grid size-10 place-items-center rounded-full bg-surface text-fg shadow"
          >
            <X aria-hidden="true" className="size-5" />
            <span className="sr-only">Close</span>
          </button>
          {product.category && (
            <p className="text-xs font-semibold tracking-wide text-accent-text uppercase">{product.category}</p>
          )}
          <h2 id="sheet-title" className="text-xl font-bold text-fg">
            {product.name}
          </h2>
          {product.description && <p className="text-sm whitespace-pre-line text-fg-muted">{product.description}</p>}
          <div className="flex items-center justify-between gap-3 pt-2">
            <span className="text-lg font-bold">{formatMoney(product.priceCents)}</span>
            <CartControl product={product} cart={cart} />
          </div>
          {!soldOut && product.stock <= LOW_STOCK && (
            <p className="text-sm font-medium text-warning-soft-fg">Only {product.stock} left</p>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * What the product's card and its sheet offer: "Sold out", the quantity in the cart with a stepper, or a
 * button that adds one. On the card (`compact`) the button reads "Add" and names the product for screen
 * readers; in the sheet, a dialog titled by the product, it reads "Add to cart".
 */
function CartControl({ product, cart, compact = false }: { product: Product; cart: CartApi; compact?: boolean }) {
  const inCart = quantityOf(cart.cart, product.id);
  if (isSoldOut(product)) {
    return <span className={`font-semibold text-fg-muted ${compact ? 'ml-auto text-xs' : 'text-sm'}`}>Sold out</span>;
  }
  if (inCart > 0) {
    return (
      <QuantityStepper
        name={product.name}
        quantity={inCart}
        max={product.stock}
        size={compact ? 'sm' : 'md'}
        onChange={(quantity) => cart.setQuantity(product.id, quantity)}
      />
    );
  }
  if (!compact) {
    return (
      <Button onClick={() => cart.add(product)}>
        <Plus aria-hidden="true" className="size-4" />
        Add to cart
      </Button>
    );
  }
  return (
    <Button
      size="sm"
      variant="secondary"
      className="ml-auto !text-accent-text !ring-accent"
      onClick={() => cart.add(product)}
    >
      <Plus aria-hidden="true" className="size-4" />
      Add<span className="sr-only"> {product.name} to cart</span>
    </Button>
  );
}

function ProductCard({ product, cart, onOpen }: { product: Product; cart: CartApi; onOpen: () => void }) {
  const soldOut = isSoldOut(product);
  return (
    <article
      className="relative flex h-full flex-col rounded-2xl border border-border bg-surface p-3 shadow-sm"
      aria-labelledby={`product-${product.id}`}
    >
      <ProductImage product={product} dimmed={soldOut} className="mb-2 aspect-[4/3] w-full">
        {soldOut ? (
          <span className="absolute top-2 left-2 rounded-full bg-slate-800 px-2 py-0.5 text-[11px] font-bold text-white">
            Out of stock
          </span>
        ) : product.stock <= LOW_STOCK ? (
          <span className="absolute top-2 left-2 rounded-full bg-amber-300 px-2 py-0.5 text-[11px] font-bold text-amber-950">
            Only {product.stock} left
          </span>
        ) : null}
      </ProductImage>
      <h2 id={`product-${product.id}`} className="line-clamp-2 text-sm font-semibold leading-snug text-fg">
        <button
          type="button"
          onClick={onOpen}
          className="tap block w-full text-left hover:underline after:absolute after:inset-0 after:content-['']"
        >
          {product.name}
        </button>
      </h2>
      <p className="line-clamp-1 text-xs text-fg-muted">{product.description}</p>
      <div className="relative z-10 mt-auto flex flex-wrap items-center justify-between gap-x-2 gap-y-1.5 pt-2">
        <span className="font-bold text-fg">{formatMoney(product.priceCents)}</span>
        <CartControl product={product} cart={cart} compact />
      </div>
    </article>
  );
}

function ProductGridSkeleton() {
  return (
    <div role="status" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      <span className="sr-only">Loading products…</span>
      {Array.from({ length: 8 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="h-56 rounded-2xl bg-surface-sunken motion-safe:animate-pulse" aria-hidden="true" />
      ))}
    </div>
  );
}
