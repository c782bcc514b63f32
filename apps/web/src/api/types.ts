import type { PaymentMethod } from '@swyft/contract';

/**
 * The shapes the web app reads, all from @swyft/contract. Only types are imported from its main entry: a
 * value import would bring zod and every schema into the first screen's bundle. Values come from the
 * zod-free `@swyft/contract/order-rules`, or are repeated below, checked against the contract's types.
 */
export type {
  Address,
  AdminOrdersQuery,
  AdminStats,
  AdminUser,
  AdminUsersQuery,
  CreateProductBody,
  DeliveryArea,
  DeliveryQuote,
  ErrorCode,
  EventHealth,
  EventStats,
  EventsQuery,
  EventType,
  InsufficientStockDetails,
  Location,
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
  Store,
  SwyftEvent,
  TimelineEntry,
  UpdateProductBody,
  User,
} from '@swyft/contract';

/** The order rules come from the contract's zod-free entry: small enough for the first screen. */
export { orderStatuses } from '@swyft/contract/order-rules';

export const paymentMethods = ['cash_on_delivery', 'prepaid'] as const satisfies readonly PaymentMethod[];

// Fails to compile when the contract gains a payment method this list lacks.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
export const everyPaymentListed: Missing<PaymentMethod, (typeof paymentMethods)[number]> = true;
