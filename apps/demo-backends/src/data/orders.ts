import { FUTURE_FIELD, INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../sentinels';
import { findProduct, priceIn } from './catalog';
import { FIRST_PRODUCT_NUMBER, PRODUCT_COUNT, productId, userDigits } from './ids';
import { Money, money, shelfPrice } from './money';
import { intBetween, memoize, seededRandom } from './random';
import { isoAt } from './time';
import { findUser } from './users';

export const ORDERS_PER_USER = 5;

export interface DownstreamOrderItem {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  warehouseBin: string;
  x_future_internal: string;
}

/** orders-service order as downstream.md documents it (plus a future field). */
export interface DownstreamOrder {
  orderId: string;
  userId: string;
  status: string;
  placedAt: string;
  updatedAt: string;
  estimatedDelivery: string;
  items: DownstreamOrderItem[];
  totals: { subtotal: Money; shipping: Money; tax: Money; grandTotal: Money };
  shippingAddress: { line1: string; city: string; postcode: string; country: string };
  paymentMethod: { brand: string; last4: string; fingerprint: string; processorRef: string };
  /** null until the order ships (the BFF then shows `tracking: null`). */
  carrier: { name: string; trackingNumber: string; trackingUrl: string } | null;
  warehouseId: string;
  internalNotes: string;
  fraudCheck: { score: number; decision: string };
  x_future_internal: string;
}

/** Order k (1 = newest) of every user: its status and its age in hours. */
const ORDER_SHAPES = [
  { status: 'PLACED', ageHours: 20, updatedAfterHours: 1 },
  { status: 'SHIPPED', ageHours: 4 * 24, updatedAfterHours: 30 },
  { status: 'DELIVERED', ageHours: 12 * 24, updatedAfterHours: 72 },
  { status: 'DELIVERED', ageHours: 30 * 24, updatedAfterHours: 60 },
  { status: 'CANCELLED', ageHours: 45 * 24, updatedAfterHours: 2 },
] as const;
const CARRIERS = ['DPD', 'DHL', 'Yamato', 'UPS'];
const SHIPPING_BASE_PENCE = 500;
const TAX_RATE = 0.2;

export function orderId(digits: string, k: number): string {
  return `o-${digits}-${k}`;
}

function buildOrders(userId: string): DownstreamOrder[] | undefined {
  const user = findUser(userId);
  const digits = userDigits(userId);
  if (user === undefined || digits === undefined) return undefined;
  const address = user.addresses[0];
  if (address === undefined) return undefined;
  const currency = user.currency;
  return ORDER_SHAPES.map((shape, index) => {
    const k = index + 1;
    const random = seededRandom(`order:${userId}:${k}`);
    const lines = Array.from({ length: intBetween(random, 1, 3) }, (_, i) => {
      const n = FIRST_PRODUCT_NUMBER + Math.floor(random() * PRODUCT_COUNT);
      // The first item of every order has quantity 2, so itemCount != items.length.
      const quantity = i === 0 ? 2 : intBetween(random, 1, 3);
      return { n, quantity, unitMinor: priceIn(n, currency) };
    });
    const items = lines.map(({ n, quantity, unitMinor }, i): DownstreamOrderItem => ({
      sku: `SKU-${n}-${i + 1}`,
      productId: productId(n),
      name: findProduct(productId(n))?.title ?? productId(n),
      quantity,
      unitPrice: money(unitMinor, currency),
      warehouseBin: INTERNAL_SENTINEL,
      ...FUTURE_FIELD,
    }));
    const subtotal = lines.reduce((sum, line) => sum + line.unitMinor * line.quantity, 0);
    const shipping = shelfPrice(SHIPPING_BASE_PENCE, currency);
    const tax = Math.round(subtotal * TAX_RATE);
    const trackingNumber = `TRK${digits}${k}`;
    const shipped = shape.status === 'SHIPPED' || shape.status === 'DELIVERED';
    return {
      orderId: orderId(digits, k),
      userId,
      status: shape.status,
      placedAt: isoAt(-shape.ageHours),
      updatedAt: isoAt(-shape.ageHours + shape.updatedAfterHours),
      estimatedDelivery: isoAt(-shape.ageHours + 5 * 24),
      items,
      totals: {
        subtotal: money(subtotal, currency),
        shipping: money(shipping, currency),
        tax: money(tax, currency),
        grandTotal: money(subtotal + shipping + tax, currency),
      },
      shippingAddress: {
        line1: address.line1,
        city: address.city,
        postcode: address.postcode,
        country: address.country,
      },
      paymentMethod: {
        brand: k % 2 === 0 ? 'MASTERCARD' : 'VISA',
        last4: String(intBetween(random, 1000, 9999)),
        fingerprint: INTERNAL_SENTINEL,
        processorRef: INTERNAL_SENTINEL,
      },
      carrier: shipped
        ? {
            name: CARRIERS[index % CARRIERS.length],
            trackingNumber,
            trackingUrl: `https://track.example/${trackingNumber}`,
          }
        : null,
      warehouseId: INTERNAL_SENTINEL,
      internalNotes: INTERNAL_SENTINEL,
      fraudCheck: { score: INTERNAL_NUMERIC_SENTINEL, decision: INTERNAL_SENTINEL },
      ...FUTURE_FIELD,
    };
  });
}

/** A user's orders, newest `placedAt` first; undefined for an id not of the form `u-<digits>`. */
export const findOrdersOfUser = memoize(10_000, buildOrders);

const ORDER_ID = /^o-(\d{1,18})-(\d+)$/;

/** Looks an order up by id alone: like the real service, it does not check who is asking. */
export function findOrder(id: string): DownstreamOrder | undefined {
  const match = ORDER_ID.exec(id);
  if (!match) return undefined;
  return findOrdersOfUser(`u-${match[1]}`)?.find((order) => order.orderId === id);
}
