import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingState } from '../components/states';
import { AdminLayout } from './admin-layout';
import { ApiKeysPage } from './api-keys-page';
import { AttentionPage } from './attention-page';
import { BoardPage } from './board-page';
import { EventsPage } from './events-page';
import { LiveMapPage } from './live-map-page';
import { OrdersTablePage } from './orders-table-page';
import { ProductsPage } from './products-page';
import { StockPage } from './stock-page';
import { StoresPage } from './stores-page';
import { UsersPage } from './users-page';
import { WebhooksPage } from './webhooks/webhooks-page';

// The charts are the heaviest part of the admin area; they load when the dashboard is opened.
const DashboardPage = lazy(() => import('./dashboard-page'));

/** The admin area, loaded on demand (customers and partners never download it). */
export default function AdminApp() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<BoardPage />} />
        <Route path="attention" element={<AttentionPage />} />
        <Route path="orders" element={<OrdersTablePage />} />
        <Route path="live-map" element={<LiveMapPage />} />
        <Route path="stores" element={<StoresPage />} />
        <Route path="stores/:storeId" element={<StoresPage />} />
        <Route path="stock" element={<StockPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="products" element={<ProductsPage />} />
        <Route
          path="dashboard"
          element={
            <Suspense fallback={<LoadingState rows={4} label="Loading the dashboard…" />}>
              <DashboardPage />
            </Suspense>
          }
        />
        <Route path="events" element={<EventsPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
      </Route>
    </Routes>
  );
}
