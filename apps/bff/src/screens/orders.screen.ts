import { Query } from '@nestjs/common';
import { OrdersAggregator } from '@app/aggregation';
import { OrdersPageDto, ordersPage, OrdersPageQueryDto } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';

@Screen('v1/orders', OrdersPageDto, {
  operationId: 'listOrders',
  summary: 'The user’s orders, newest first, a page at a time',
  images: true,
  errors: [503],
})
export class OrdersScreen {
  constructor(private readonly orders: OrdersAggregator) {}

  async render(call: ScreenCall, @Query() query: OrdersPageQueryDto): Promise<OrdersPageDto> {
    return ordersPage(await this.orders.page(call, query), call.display);
  }
}
