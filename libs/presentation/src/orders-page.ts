import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, TransformFnParams } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { OrdersPageSources } from '@app/aggregation';
import { OrderSummaryDto, orderSummary } from './order-summary';
import { DEFAULT_LOCALE } from './price-format';

/** Page sizes of the orders list (the mobile contract: 1..50, default 20). */
export const ORDERS_PAGE_SIZE = { min: 1, max: 50, default: 20 } as const;

const LIMIT_ISSUE = `must be an integer between ${ORDERS_PAGE_SIZE.min} and ${ORDERS_PAGE_SIZE.max}`;

/** `?limit&cursor` of the orders list; anything else in the query is a 400. */
export class OrdersPageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: ORDERS_PAGE_SIZE.min,
    maximum: ORDERS_PAGE_SIZE.max,
    default: ORDERS_PAGE_SIZE.default,
  })
  @IsOptional()
  @Transform(decimalInteger)
  @IsInt({ message: LIMIT_ISSUE })
  @Min(ORDERS_PAGE_SIZE.min, { message: LIMIT_ISSUE })
  @Max(ORDERS_PAGE_SIZE.max, { message: LIMIT_ISSUE })
  limit: number = ORDERS_PAGE_SIZE.default;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor, as it was received' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

/**
 * A query value that is a plain decimal integer, as a number; anything else (`abc`, `1.5`,
 * `1e1`, `0x10`, a repeated parameter) stays as it is, for the validators to refuse.
 */
export function decimalInteger({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
}

/** The contract's `GET /{platform}/v1/orders`. */
export class OrdersPageDto {
  @ApiProperty({ type: [OrderSummaryDto], maxItems: ORDERS_PAGE_SIZE.max })
  orders!: OrderSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Send it back as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

/** A page of order summaries: prices in the user's locale, thumbnails for this device. */
export function ordersPage(page: OrdersPageSources, displayFactor: number): OrdersPageDto {
  const locale = page.locale ?? DEFAULT_LOCALE;
  return {
    orders: page.orders.map((order) => orderSummary(order, page.thumbnails, locale, displayFactor)),
    nextCursor: page.nextCursor,
  };
}
