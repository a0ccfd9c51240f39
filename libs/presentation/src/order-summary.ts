import { ApiProperty } from '@nestjs/swagger';
import type { DownstreamOrder, DownstreamProduct } from '@app/downstream';
import { pickImageVariant } from './image-variant';
import { itemCount } from './order-row';
import { formatPrice } from './price-format';

/** One order in the orders list and in delta sync. */
export class OrderSummaryDto {
  @ApiProperty({ example: 'o-5001' }) orderId!: string;
  @ApiProperty({ example: 'SHIPPED' }) status!: string;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  estimatedDelivery!: string | null;
  @ApiProperty({ type: 'integer', description: 'Sum of item quantities', example: 2 })
  itemCount!: number;
  @ApiProperty({ example: '£190.80', description: 'Grand total in the user’s locale' })
  totalFormatted!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The first item’s product image for this device; null when unknown',
  })
  thumbnailUrl!: string | null;
}

/**
 * An order as a list shows it; `products` holds the catalog's products of the page's first items
 * (from one batch lookup), and a product it lacks leaves the thumbnail null.
 */
export function orderSummary(
  order: DownstreamOrder,
  products: ReadonlyMap<string, DownstreamProduct>,
  locale: string,
  displayFactor: number,
): OrderSummaryDto {
  const firstProduct = order.items[0] && products.get(order.items[0].productId);
  return {
    orderId: order.orderId,
    status: order.status,
    placedAt: order.placedAt,
    estimatedDelivery: order.estimatedDelivery ?? null,
    itemCount: itemCount(order),
    totalFormatted: formatPrice(order.totals.grandTotal, locale),
    thumbnailUrl: pickImageVariant(firstProduct?.images[0], 'thumbnail', displayFactor),
  };
}
