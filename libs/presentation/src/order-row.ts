import { ApiProperty } from '@nestjs/swagger';
import type { DownstreamOrder } from '@app/downstream';

/** One order in a list: what it is, where it stands, how many items. */
export class OrderRowDto {
  @ApiProperty({ example: 'o-5001' }) orderId!: string;
  @ApiProperty({ example: 'SHIPPED' }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  estimatedDelivery!: string | null;
  @ApiProperty({ type: 'integer', description: 'Sum of item quantities', example: 2 })
  itemCount!: number;
}

export function orderRow(order: DownstreamOrder): OrderRowDto {
  return {
    orderId: order.orderId,
    status: order.status,
    estimatedDelivery: order.estimatedDelivery ?? null,
    itemCount: itemCount(order),
  };
}

export function itemCount(order: DownstreamOrder): number {
  return order.items.reduce((sum, item) => sum + item.quantity, 0);
}
