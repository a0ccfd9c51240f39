import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamHttp } from '../downstream-http';
import { entriesWithStrings, expectArray, expectRecord } from '../payload';
import type { DownstreamOrder, OrdersPage } from '../types/orders';

export interface OrdersQuery {
  userId: string;
  /** 1..50 per the contract. */
  limit: number;
  cursor?: string;
}

@Injectable()
export class OrdersClient {
  constructor(private readonly http: DownstreamHttp) {}

  async listOrders(context: CallContext, query: OrdersQuery): Promise<OrdersPage> {
    const body = expectRecord(
      'orders',
      await this.http.getJson('orders', context, {
        path: '/orders',
        query: { userId: query.userId, limit: query.limit, cursor: query.cursor },
        userId: query.userId,
      }),
    );
    const orders = entriesWithStrings<DownstreamOrder>(expectArray('orders', body.orders), [
      'orderId',
      'status',
    ]).map((order) => ({ ...order, items: Array.isArray(order.items) ? order.items : [] }));
    return { orders, nextCursor: typeof body.nextCursor === 'string' ? body.nextCursor : null };
  }
}
