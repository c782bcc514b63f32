/**
 * The shapes the web app reads, from API.md. Users, events, errors and pages come from @swyft/contract;
 * products, orders and admin figures are written here from API.md until the orders/catalog contract
 * (packages/contract/src/{catalog,orders}.ts) lands, then re-exported from it.
 */
export type { ErrorCode, EventType, Page, Role, SwyftEvent, User } from '@swyft/contract';

export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const orderStatuses = [
  'placed',
  'accepted',
  'preparing',
  'picked_up',
  'on_the_way',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const paymentMethods = ['cash_on_delivery', 'prepaid'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export interface OrderItem {
  productId: string;
  name: string;
  priceCents: number;
  quantity: number;
}

export interface TimelineEntry {
  status: OrderStatus;
  at: string;
  actorId: string | null;
  actorRole: 'customer' | 'partner' | 'admin' | null;
}

export interface Order {
  id: string;
  customerId: string;
  partnerId: string | null;
  /** Not in API.md's order yet; shown when the server sends it (see the report on issue 5). */
  partner?: { id: string; name: string } | null;
  partnerName?: string | null;
  status: OrderStatus;
  items: OrderItem[];
  totalCents: number;
  address: string;
  payment: { method: PaymentMethod; status: 'pending' | 'paid' | 'refunded' };
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEntry[];
}

export interface PlaceOrderBody {
  items: { productId: string; quantity: number }[];
  address: string;
  paymentMethod?: PaymentMethod;
}

export interface NewProductBody {
  name: string;
  description?: string;
  priceCents: number;
  stock: number;
  active?: boolean;
}
export type ProductPatch = Partial<Omit<NewProductBody, never>>;

/** `GET /admin/stats`: read defensively, the figures' exact names are the orders issue's to settle. */
export interface AdminStats {
  ordersByStatus?: Partial<Record<OrderStatus, number>>;
  ordersPerMinute?: { minute: string; count: number }[];
  deliveryTime?: { medianSeconds: number | null; p90Seconds: number | null };
  partners?: { online: number; busy: number };
  revenueTodayCents?: number;
  [key: string]: unknown;
}

/** The latest position of a partner on an active order (the `partner.location` real-time message). */
export interface PartnerLocation {
  partnerId: string;
  orderId?: string | null;
  lat: number;
  lng: number;
  heading?: number | null;
  speed?: number | null;
  at?: string;
}
