import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { api } from './api/swyft-api';
import { LoginPage } from './auth/login-page';
import { FullScreenMessage, Logo } from './components/brand';
import { AnnouncerProvider } from './components/live-announcer';
import { OfflineBanner } from './components/offline-banner';
import { PublicOnly, RequireRole, SessionSplash } from './components/route-guards';
import { AccountPage } from './customer/account-page';
import { AddressesPage } from './customer/addresses-page';
import { CartPage } from './customer/cart-page';
import { CatalogPage } from './customer/catalog-page';
import { CustomerLayout } from './customer/customer-layout';
import { OrderPage } from './customer/order-page';
import { OrdersPage } from './customer/orders-page';
import { RealtimeProvider } from './realtime/realtime-provider';
import { useSession } from './session/session-provider';

// Customers are most users and see the shop first; partners and admins load their areas on demand.
const PartnerApp = lazy(() => import('./partner/partner-app'));
const AdminApp = lazy(() => import('./admin/admin-app'));
const RegisterPage = lazy(() => import('./auth/register-page'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<SessionSplash />}>{children}</Suspense>;
}

export function App() {
  const session = useSession();
  const routes = (
    <Routes>
      <Route
        path="/login"
        element={
          <PublicOnly>
            <LoginPage />
          </PublicOnly>
        }
      />
      <Route
        path="/register"
        element={
          <PublicOnly>
            <RegisterPage />
          </PublicOnly>
        }
      />
      <Route
        element={
          <RequireRole for="customer">
            <CustomerLayout />
          </RequireRole>
        }
      >
        <Route index element={<CatalogPage />} />
        <Route path="category/:category" element={<CatalogPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:orderId" element={<OrderPage />} />
        <Route path="addresses" element={<AddressesPage />} />
      </Route>
      <Route
        path="/partner/*"
        element={
          <RequireRole for="partner">
            <Lazy>
              <PartnerApp />
            </Lazy>
          </RequireRole>
        }
      />
      <Route
        path="/admin/*"
        element={
          <RequireRole for="admin">
            <Lazy>
              <AdminApp />
            </Lazy>
          </RequireRole>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
  if (session.state.status !== 'signed-in')
    return (
      <AnnouncerProvider>
        <OfflineBanner />
        {routes}
      </AnnouncerProvider>
    );
  const { user } = session.state;
  return (
    <AnnouncerProvider>
      <OfflineBanner />
      <RealtimeProvider key={user.id} user={user} api={api} recheckSession={session.recheck}>
        {routes}
      </RealtimeProvider>
    </AnnouncerProvider>
  );
}

function NotFound() {
  return (
    <FullScreenMessage>
      <div className="space-y-3">
        <Logo />
        <h1 className="text-2xl font-bold">This page does not exist</h1>
        <Link
          to="/"
          className="tap inline-flex items-center font-semibold text-accent-text underline underline-offset-2"
        >
          Back to Swyft
        </Link>
      </div>
    </FullScreenMessage>
  );
}
