import type { Money } from './common';

export interface DownstreamOrderItem {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface DownstreamOrder {
  orderId: string;
  userId: string;
  status: string;
  placedAt: string;
  updatedAt: string;
  estimatedDelivery: string | null;
  items: DownstreamOrderItem[];
  totals: { grandTotal: Money };
}

export interface OrdersPage {
  orders: DownstreamOrder[];
  nextCursor: string | null;
}
