import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamEvents } from '../downstream-events';
import { keepValid } from '../payloads/list';
import {
  DownstreamOrderDetail,
  isOrdersPage,
  OrdersPage,
  readOrder,
  readOrderDetail,
} from '../payloads/orders';
import { DownstreamHttp } from '../transport/downstream-http';

export interface OrdersQuery {
  userId: string;
  /** 1..50 per the contract. */
  limit: number;
  cursor?: string;
  /** Only orders changed at or after this instant (ISO 8601). */
  updatedSince?: string;
}

@Injectable()
export class OrdersClient {
  constructor(
    private readonly http: DownstreamHttp,
    private readonly events: DownstreamEvents,
  ) {}

  /** A page of the user's orders; malformed ones and any other user's are left out (and counted). */
  async listOrders(context: CallContext, query: OrdersQuery): Promise<OrdersPage> {
    const body = await this.http.getJson('orders', context, {
      path: '/orders',
      query: {
        userId: query.userId,
        limit: query.limit,
        cursor: query.cursor,
        updatedSince: query.updatedSince,
      },
      userId: query.userId,
    });
    if (!isOrdersPage(body)) throw new DownstreamError('orders', 'bad_response');
    const orders = keepValid(
      body.orders,
      readOrder,
      (dropped) => this.events.elementsDropped(dropped),
      {
        service: 'orders',
        element: 'order',
        belongs: (order) => order.userId === query.userId,
      },
    );
    return { orders, nextCursor: body.nextCursor ?? null };
  }

  /**
   * One order, only if it is `userId`'s: the service does not check who asks, so another user's
   * order is a `not_found` here, exactly like a missing one.
   */
  async getOrder(
    context: CallContext,
    orderId: string,
    userId: string,
  ): Promise<DownstreamOrderDetail> {
    const body = await this.http.getJson('orders', context, {
      path: `/orders/${encodeURIComponent(orderId)}`,
      userId,
    });
    const order = readOrderDetail(body);
    if (!order || order.orderId !== orderId) throw new DownstreamError('orders', 'bad_response');
    if (order.userId !== userId) throw new DownstreamError('orders', 'not_found', 404);
    return order;
  }
}
