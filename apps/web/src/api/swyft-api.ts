import type {
  Address,
  ApiKeyList,
  AppConfig,
  AssignOrderBody,
  CategoriesResponse,
  CreateAddressBody,
  CreateApiKeyBody,
  CreateApiKeyResponse,
  CreateStoreBody,
  CreateWebhookBody,
  CreateWebhookResponse,
  DeliveryQuote,
  EventHealth,
  EventStats,
  Location,
  LoginBody,
  ProductResponse,
  RateOrderBody,
  RegisterBody,
  SetOrderStatusBody,
  SetStoreStockBody,
  Store,
  StoreResponse,
  StoreStockResponse,
  StoresQuery,
  UpdateAddressBody,
  UpdateMeBody,
  UpdateStoreBody,
  UpdateWebhookBody,
  WebhookDeliveriesQuery,
  WebhookDeliveryPage,
  WebhookList,
  WebhookResponse,
  WebhookTestResponse,
} from '@swyft/contract';
import { ApiClient } from './client';
import type {
  AdminOrdersQuery,
  AdminStats,
  AdminUser,
  AdminUsersQuery,
  CreateProductBody,
  EventsQuery,
  Order,
  OrderStatus,
  Page,
  PlaceOrderBody,
  Product,
  ProductsQuery,
  SwyftEvent,
  UpdateProductBody,
  User,
} from './types';

type Query = Record<string, string | number | boolean | null | undefined>;

/** An `Idempotency-Key` header when there is a key (a resent step then replays instead of acting twice). */
function keyed(idempotencyKey: string | undefined) {
  return idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : undefined;
}

/** Every endpoint of API.md the web app calls, typed; one client underneath. */
export function createSwyftApi(client: ApiClient) {
  const id = encodeURIComponent;
  return {
    client,
    auth: {
      login: (body: Omit<LoginBody, 'client'>) => client.post<{ user: User }>('/auth/login', body),
      register: (body: Omit<RegisterBody, 'client'>) => client.post<{ user: User }>('/auth/register', body),
      logout: () => client.post<void>('/auth/logout'),
    },
    me: {
      get: () => client.get<{ user: User }>('/me'),
      update: (body: UpdateMeBody) => client.patch<{ user: User }>('/me', body),
      /** Closes the account (orders are kept); the server clears the session's cookies. */
      remove: () => client.delete<void>('/me'),
    },
    categories: {
      list: () => client.get<CategoriesResponse>('/categories'),
    },
    products: {
      list: (query: ProductsQuery = {}) => client.get<Page<Product>>('/products', { query: query as Query }),
      get: (productId: string, query: { storeId?: string } = {}) =>
        client.get<ProductResponse>(`/products/${id(productId)}`, { query }),
      create: (body: CreateProductBody) => client.post<ProductResponse>('/products', body),
      update: (productId: string, body: UpdateProductBody) =>
        client.patch<ProductResponse>(`/products/${id(productId)}`, body),
      /** The photo itself (JPEG, PNG or WebP, ≤ 5 MB); the server stores it re-encoded (API.md, Shop). */
      setImage: (productId: string, image: Blob) =>
        client.put<ProductResponse>(`/products/${id(productId)}/image`, image),
    },
    config: {
      get: () => client.get<AppConfig>('/app-config'),
    },
    stores: {
      list: (query: StoresQuery = {}) => client.get<Page<Store>>('/stores', { query: query as Query }),
      get: (storeId: string) => client.get<StoreResponse>(`/stores/${id(storeId)}`),
      create: (body: CreateStoreBody) => client.post<StoreResponse>('/stores', body),
      update: (storeId: string, body: UpdateStoreBody) => client.patch<StoreResponse>(`/stores/${id(storeId)}`, body),
      setStock: (storeId: string, body: SetStoreStockBody) =>
        client.put<StoreStockResponse>(`/stores/${id(storeId)}/stock`, body),
      quote: (at: Location) => client.get<DeliveryQuote>('/delivery-quote', { query: { lat: at.lat, lng: at.lng } }),
    },
    addresses: {
      list: () => client.get<{ items: Address[] }>('/me/addresses'),
      create: (body: CreateAddressBody) => client.post<{ address: Address }>('/me/addresses', body),
      update: (addressId: string, body: UpdateAddressBody) =>
        client.patch<{ address: Address }>(`/me/addresses/${id(addressId)}`, body),
      remove: (addressId: string) => client.delete<void>(`/me/addresses/${id(addressId)}`),
    },
    orders: {
      place: (body: PlaceOrderBody, idempotencyKey: string) =>
        client.post<{ order: Order }>('/orders', body, { headers: { 'idempotency-key': idempotencyKey } }),
      my: (query: { limit?: number; cursor?: string } = {}) => client.get<Page<Order>>('/orders/my', { query }),
      unassigned: (query: { limit?: number; cursor?: string } = {}) =>
        client.get<Page<Order>>('/orders/unassigned', { query }),
      assigned: (query: { limit?: number; cursor?: string } = {}) =>
        client.get<Page<Order>>('/orders/assigned', { query }),
      get: (orderId: string) => client.get<{ order: Order }>(`/orders/${id(orderId)}`),
      events: (orderId: string) => client.get<Page<SwyftEvent>>(`/orders/${id(orderId)}/events`),
      accept: (orderId: string, idempotencyKey?: string) =>
        client.patch<{ order: Order }>(`/orders/${id(orderId)}/accept`, undefined, keyed(idempotencyKey)),
      reject: (orderId: string) => client.patch<{ order: Order }>(`/orders/${id(orderId)}/reject`),
      /** A step, with when it was made (`actedAt`) and the customer's code for `delivered` (API.md, second wave). */
      setStatus: (
        orderId: string,
        status: OrderStatus,
        extra: Omit<SetOrderStatusBody, 'status'> = {},
        idempotencyKey?: string,
      ) => client.patch<{ order: Order }>(`/orders/${id(orderId)}/status`, { status, ...extra }, keyed(idempotencyKey)),
      cancel: (orderId: string) => client.patch<{ order: Order }>(`/orders/${id(orderId)}/cancel`),
      rate: (orderId: string, body: RateOrderBody) =>
        client.post<{ order: Order }>(`/orders/${id(orderId)}/rating`, body),
    },
    admin: {
      users: (query: AdminUsersQuery) => client.get<Page<AdminUser>>('/admin/users', { query: query as Query }),
      disableUser: (userId: string) => client.patch<{ user: User }>(`/admin/users/${id(userId)}/disable`),
      enableUser: (userId: string) => client.patch<{ user: User }>(`/admin/users/${id(userId)}/enable`),
      orders: (query: AdminOrdersQuery) => client.get<Page<Order>>('/admin/orders', { query: query as Query }),
      stats: (query: { from?: string; to?: string; tz?: string } = {}) =>
        client.get<AdminStats>('/admin/stats', { query: query as Query }),
      /** A placed order goes to this partner (409 `already_assigned` if someone took it first). */
      assign: (orderId: string, body: AssignOrderBody, idempotencyKey: string) =>
        client.patch<{ order: Order }>(`/admin/orders/${id(orderId)}/assign`, body, {
          headers: { 'idempotency-key': idempotencyKey },
        }),
    },
    apiKeys: {
      list: () => client.get<ApiKeyList>('/admin/api-keys'),
      create: (body: CreateApiKeyBody) => client.post<CreateApiKeyResponse>('/admin/api-keys', body),
      revoke: (keyId: string) => client.delete<void>(`/admin/api-keys/${id(keyId)}`),
    },
    webhooks: {
      list: () => client.get<WebhookList>('/admin/webhooks'),
      create: (body: CreateWebhookBody) => client.post<CreateWebhookResponse>('/admin/webhooks', body),
      update: (webhookId: string, body: UpdateWebhookBody) =>
        client.patch<WebhookResponse>(`/admin/webhooks/${id(webhookId)}`, body),
      remove: (webhookId: string) => client.delete<void>(`/admin/webhooks/${id(webhookId)}`),
      deliveries: (webhookId: string, query: WebhookDeliveriesQuery = {}) =>
        client.get<WebhookDeliveryPage>(`/admin/webhooks/${id(webhookId)}/deliveries`, { query: query as Query }),
      /** Sends a test event at once; the answer is the attempt, whatever the receiver said. */
      test: (webhookId: string) => client.post<WebhookTestResponse>(`/admin/webhooks/${id(webhookId)}/test`),
      replay: (webhookId: string, fromSeq: number) =>
        client.post<WebhookResponse>(`/admin/webhooks/${id(webhookId)}/replay`, { fromSeq }),
    },
    events: {
      list: (query: EventsQuery) => client.get<Page<SwyftEvent>>('/events', { query: query as Query }),
      stats: () => client.get<EventStats>('/events/stats'),
      health: () => client.get<EventHealth>('/events/health'),
      replay: (range: { fromSeq: number; toSeq: number }) => client.post<{ replayed: number }>('/events/replay', range),
    },
  };
}

export type SwyftApi = ReturnType<typeof createSwyftApi>;

/** The app's one client (tests build their own with a fake fetch). */
export const api = createSwyftApi(new ApiClient());
