import { ApiProperty } from '@nestjs/swagger';
import type { OrderDetailSources } from '@app/aggregation';
import type { DownstreamOrderDetail, DownstreamOrderItem } from '@app/downstream';
import { DEFAULT_LOCALE, formatPrice } from './price-format';

export class OrderDetailItemDto {
  @ApiProperty({ example: 'p-200' }) productId!: string;
  @ApiProperty({ example: 'Trail shoe' }) name!: string;
  @ApiProperty({ type: 'integer', example: 2 }) quantity!: number;
  @ApiProperty({ example: '£89.00', description: 'In the user’s locale' })
  unitPriceFormatted!: string;
}

export class OrderShippingAddressDto {
  @ApiProperty() line1!: string;
  @ApiProperty() city!: string;
  @ApiProperty() postcode!: string;
  @ApiProperty({ example: 'GB' }) country!: string;
}

export class OrderPaymentDto {
  @ApiProperty({ example: 'VISA' }) brand!: string;
  @ApiProperty({ example: '4242' }) last4!: string;
}

export class OrderTrackingDto {
  @ApiProperty({ example: 'DPD' }) carrier!: string;
  @ApiProperty({ type: String, nullable: true }) trackingUrl!: string | null;
}

/** The contract's `GET /{platform}/v1/orders/{orderId}`. */
export class OrderDetailDto {
  @ApiProperty({ example: 'o-5001' }) orderId!: string;
  @ApiProperty({ example: 'SHIPPED' }) status!: string;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  estimatedDelivery!: string | null;
  @ApiProperty({ type: [OrderDetailItemDto] }) items!: OrderDetailItemDto[];
  @ApiProperty({ example: '£190.80', description: 'Grand total in the user’s locale' })
  totalFormatted!: string;
  @ApiProperty({
    type: OrderShippingAddressDto,
    nullable: true,
    description: 'null when orders-service has none for this order',
  })
  shippingAddress!: OrderShippingAddressDto | null;
  @ApiProperty({
    type: OrderPaymentDto,
    nullable: true,
    description: 'null when orders-service has none for this order',
  })
  payment!: OrderPaymentDto | null;
  @ApiProperty({ type: OrderTrackingDto, nullable: true, description: 'null until it ships' })
  tracking!: OrderTrackingDto | null;
}

/** One order in full, field by field (nothing internal passes): prices in the user's locale. */
export function orderDetail({
  order,
  locale = DEFAULT_LOCALE,
}: OrderDetailSources): OrderDetailDto {
  return {
    orderId: order.orderId,
    status: order.status,
    placedAt: order.placedAt,
    estimatedDelivery: order.estimatedDelivery ?? null,
    items: order.items.map((item) => orderDetailItem(item, locale)),
    totalFormatted: formatPrice(order.totals.grandTotal, locale),
    shippingAddress: shippingAddress(order),
    payment: order.paymentMethod
      ? { brand: order.paymentMethod.brand, last4: order.paymentMethod.last4 }
      : null,
    tracking: order.carrier
      ? { carrier: order.carrier.name, trackingUrl: order.carrier.trackingUrl ?? null }
      : null,
  };
}

export function orderDetailItem(item: DownstreamOrderItem, locale: string): OrderDetailItemDto {
  return {
    productId: item.productId,
    name: item.name,
    quantity: item.quantity,
    unitPriceFormatted: formatPrice(item.unitPrice, locale),
  };
}

export function shippingAddress({
  shippingAddress: address,
}: DownstreamOrderDetail): OrderShippingAddressDto | null {
  return address
    ? {
        line1: address.line1,
        city: address.city,
        postcode: address.postcode,
        country: address.country,
      }
    : null;
}
