import { Param } from '@nestjs/common';
import { OrdersAggregator } from '@app/aggregation';
import { OrderDetailDto, orderDetail } from '@app/presentation';
import { Screen, ScreenCall } from '@app/screens';

@Screen('v1/orders/:orderId', OrderDetailDto, {
  operationId: 'getOrder',
  summary: 'One of the user’s orders',
  errors: [404, 503],
})
export class OrderScreen {
  constructor(private readonly orders: OrdersAggregator) {}

  async render(call: ScreenCall, @Param('orderId') orderId: string): Promise<OrderDetailDto> {
    return orderDetail(await this.orders.order(call, orderId));
  }
}
