import type { JSONSchemaType } from 'ajv';
import { MONEY, Money, TIMESTAMP } from './common';
import { listEnvelope, payloadReader } from './schema';

export interface DownstreamOrderItem {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** What the BFF keeps of an orders-service order. */
export interface DownstreamOrder {
  orderId: string;
  userId: string;
  status: string;
  placedAt: string;
  /** When the order last changed (what delta sync pages by); some services leave it out. */
  updatedAt?: string | null;
  /** Absent or null: not known yet. */
  estimatedDelivery?: string | null;
  items: DownstreamOrderItem[];
  totals: { grandTotal: Money };
}

export interface OrdersPage {
  orders: DownstreamOrder[];
  nextCursor: string | null;
}

const ORDER_ITEM: JSONSchemaType<DownstreamOrderItem> = {
  type: 'object',
  properties: {
    productId: { type: 'string' },
    name: { type: 'string' },
    quantity: { type: 'integer', minimum: 1 },
    unitPrice: MONEY,
  },
  required: ['productId', 'name', 'quantity', 'unitPrice'],
};

const ORDER: JSONSchemaType<DownstreamOrder> = {
  type: 'object',
  properties: {
    orderId: { type: 'string', minLength: 1 },
    userId: { type: 'string' },
    status: { type: 'string' },
    placedAt: TIMESTAMP,
    updatedAt: { ...TIMESTAMP, nullable: true },
    estimatedDelivery: { ...TIMESTAMP, nullable: true },
    items: { type: 'array', items: ORDER_ITEM, default: [] },
    totals: {
      type: 'object',
      properties: { grandTotal: MONEY },
      required: ['grandTotal'],
    },
  },
  required: ['orderId', 'userId', 'status', 'placedAt', 'totals'],
};

export const readOrder = payloadReader(ORDER);
export const isOrdersPage = listEnvelope<'orders', { nextCursor?: string | null }>('orders', {
  nextCursor: { type: 'string', nullable: true },
});

/** What the BFF keeps of one order for its detail screen. */
export interface DownstreamOrderDetail extends DownstreamOrder {
  shippingAddress?: { line1: string; city: string; postcode: string; country: string } | null;
  /** Brand and last four digits only: fingerprint and processor reference are internal. */
  paymentMethod?: { brand: string; last4: string } | null;
  carrier?: { name: string; trackingUrl?: string | null } | null;
}

const TEXT = { type: 'string' } as const;

const ORDER_DETAIL: JSONSchemaType<DownstreamOrderDetail> = {
  type: 'object',
  properties: {
    ...ORDER.properties!,
    shippingAddress: {
      type: 'object',
      properties: { line1: TEXT, city: TEXT, postcode: TEXT, country: TEXT },
      required: ['line1', 'city', 'postcode', 'country'],
      nullable: true,
    },
    paymentMethod: {
      type: 'object',
      properties: { brand: TEXT, last4: { type: 'string', pattern: '^\\d{4}$' } },
      required: ['brand', 'last4'],
      nullable: true,
    },
    carrier: {
      type: 'object',
      properties: { name: TEXT, trackingUrl: { type: 'string', nullable: true } },
      required: ['name'],
      nullable: true,
    },
  },
  required: ['orderId', 'userId', 'status', 'placedAt', 'totals'],
};

export const readOrderDetail = payloadReader(ORDER_DETAIL);
