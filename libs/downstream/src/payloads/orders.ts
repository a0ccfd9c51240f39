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
