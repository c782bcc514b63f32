import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Product } from '../api/types';
import { formatMoney } from '../components/format';
import { useDocumentTitle } from '../components/page-chrome';
import { productEmoji } from '../components/product-emoji';
import { EmptyState, ResourceView } from '../components/states';
import { Button, Spinner } from '../components/ui';
import { useResource } from '../lib/use-resource';
import { quantityOf, reconcileCart } from '../state/cart';
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

export function CatalogPage() {
  useDocumentTitle('Shop');
  const cart = useCart();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [more, setMore] = useState<{ items: Product[]; nextCursor: string | null; loading: boolean }>({
    items: [],
    nextCursor: null,
    loading: false,
  });
  const products = useResource(() => api.products.list({ q: q || undefined, limit: PAGE }), [q]);

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
      const page = await api.products.list({ q: q || undefined, limit: PAGE, cursor: more.nextCursor });
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, loading: false }));
    } catch (error) {
      toast.error(describeError(error));
      setMore((m) => ({ ...m, loading: false }));
    }
  }

  return (
    <div className="space-y-4">
      <div className="rounded-3xl bg-gradient-to-br from-emerald-600 to-emerald-500 p-5 text-white shadow-sm">
        <p className="text-sm font-semibold text-emerald-100">Delivery in about 10 minutes ⚡</p>
        <h1 className="mt-1 text-2xl font-extrabold leading-tight">What do you need today?</h1>
        <search className="relative mt-4 block">
          <label htmlFor="catalog-search" className="sr-only">
            Search products
          </label>
          <span
            className="pointer-events-none absolute top-1/2 left-3.5 -translate-y-1/2 text-slate-400"
            aria-hidden="true"
          >
            🔍
          </span>
          <input
            id="catalog-search"
            type="search"
            placeholder="Search milk, bread, bananas…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="block h-12 w-full rounded-2xl border-0 bg-white pr-10 pl-10 text-base text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-4 focus:ring-emerald-300"
          />
          {products.status === 'ready' && products.refreshing && (
            <span className="absolute top-1/2 right-3.5 -translate-y-1/2 text-emerald-600">
              <Spinner className="size-4" label="Searching" />
            </span>
          )}
        </search>
      </div>

      <ResourceView resource={products} errorTitle="Could not load the shop" loading={<ProductGridSkeleton />}>
        {(page) => {
          const items = [...page.items, ...more.items];
          if (items.length === 0)
            return (
              <EmptyState icon="🔎" title={q ? `Nothing matches “${q}”` : 'The shop is empty'}>
                {q ? 'Try another word, or clear the search.' : 'Products will appear here as soon as they are added.'}
              </EmptyState>
            );
          return (
            <section aria-label={q ? `Results for ${q}` : 'All products'}>
              <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
                {items.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} cart={cart} />
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
    </div>
  );
}

function ProductCard({ product, cart }: { product: Product; cart: CartApi }) {
  const inCart = quantityOf(cart.cart, product.id);
  const soldOut = product.stock <= 0 || !product.active;
  return (
    <article
      className={`flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-3 shadow-sm ${soldOut ? 'opacity-60' : ''}`}
      aria-label={product.name}
    >
      <div className="relative mb-2 grid aspect-[4/3] place-items-center rounded-xl bg-gradient-to-br from-slate-50 to-emerald-50 text-5xl">
        <span aria-hidden="true" className={soldOut ? 'grayscale' : ''}>
          {productEmoji(product.name)}
        </span>
        {soldOut ? (
          <span className="absolute top-2 left-2 rounded-full bg-slate-800 px-2 py-0.5 text-[11px] font-bold text-white">
            Out of stock
          </span>
        ) : product.stock <= LOW_STOCK ? (
          <span className="absolute top-2 left-2 rounded-full bg-amber-400 px-2 py-0.5 text-[11px] font-bold text-amber-950">
            Only {product.stock} left
          </span>
        ) : null}
      </div>
      <h2 className="line-clamp-2 text-sm font-semibold leading-snug text-slate-900">{product.name}</h2>
      <p className="line-clamp-1 text-xs text-slate-500">{product.description}</p>
      <div className="mt-auto flex flex-wrap items-center justify-between gap-x-2 gap-y-1.5 pt-2">
        <span className="font-bold text-slate-900">{formatMoney(product.priceCents)}</span>
        {soldOut ? (
          <span className="ml-auto text-xs font-semibold text-slate-500">Sold out</span>
        ) : inCart > 0 ? (
          <QuantityStepper
            name={product.name}
            quantity={inCart}
            max={product.stock}
            size="sm"
            onChange={(quantity) => cart.setQuantity(product.id, quantity)}
          />
        ) : (
          <Button
            size="sm"
            variant="secondary"
            className="ml-auto !text-emerald-700 !ring-emerald-600"
            onClick={() => cart.add(product)}
            aria-label={`Add ${product.name} to cart`}
          >
            Add
          </Button>
        )}
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
        <div key={i} className="h-56 animate-pulse rounded-2xl bg-slate-200/70" aria-hidden="true" />
      ))}
    </div>
  );
}
