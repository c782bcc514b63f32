import type { OrderStatus, PaymentMethod } from '@swyft/contract';

/**
 * The shapes the web app reads, all from @swyft/contract. Only types are imported here: a value import
 * would bring zod and every schema into the first screen's bundle. The few lists the screens iterate are
 * repeated below, checked against the contract's types.
 */
export type {
  AdminOrdersQuery,
  AdminStats,
  AdminUsersQuery,
  CreateProductBody,
  ErrorCode,
  EventHealth,
  EventStats,
  EventsQuery,
  EventType,
  InsufficientStockDetails,
  Order,
  OrderItem,
  OrderStatus,
  Page,
  PartnerLocationMessage as PartnerLocation,
  PaymentMethod,
  PlaceOrderBody,
  Product,
  ProductsQuery,
  RealtimeEvent,
  Role,
  SwyftEvent,
  TimelineEntry,
  UpdateProductBody,
  User,
} from '@swyft/contract';

export const orderStatuses = [
  'placed',
  'accepted',
  'preparing',
  'picked_up',
  'on_the_way',
  'delivered',
  'cancelled',
] as const satisfies readonly OrderStatus[];

export const paymentMethods = ['cash_on_delivery', 'prepaid'] as const satisfies readonly PaymentMethod[];

// Fails to compile when the contract gains a status or payment method these lists lack.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
export const everyStatusListed: Missing<OrderStatus, (typeof orderStatuses)[number]> = true;
export const everyPaymentListed: Missing<PaymentMethod, (typeof paymentMethods)[number]> = true;
