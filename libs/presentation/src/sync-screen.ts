import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { SyncSources } from '@app/aggregation';
import { NotificationDto, notificationItem } from './notification-item';
import { OrderSummaryDto, orderSummary } from './order-summary';
import { DEFAULT_LOCALE } from './price-format';

/** The query of `GET /{platform}/v1/sync`. */
export class SyncQueryDto {
  @ApiPropertyOptional({
    description: 'The `nextSince` of the previous answer; none for everything recent',
  })
  @IsOptional()
  @IsString()
  since?: string;
}

/** One page of delta sync (the mobile contract's `GET /{platform}/v1/sync`). */
export class SyncScreenDto {
  @ApiProperty({ type: [OrderSummaryDto], description: 'Orders changed since `since`' })
  orders!: OrderSummaryDto[];
  @ApiProperty({ type: [NotificationDto], description: 'Notifications created since `since`' })
  notifications!: NotificationDto[];
  @ApiProperty({ description: 'Opaque: send it as `since` on the next call' })
  nextSince!: string;
  @ApiProperty({ description: 'True: call again with `nextSince` now for the rest of this sync' })
  hasMore!: boolean;
}

/** A sync page for the device; prices in the user's own locale. */
export function syncScreen(
  sync: SyncSources,
  rendering: { readonly display: number },
): SyncScreenDto {
  const locale = sync.user.locale ?? DEFAULT_LOCALE;
  return {
    orders: sync.orders.map((order) =>
      orderSummary(order, sync.products, locale, rendering.display),
    ),
    notifications: sync.notifications.map(notificationItem),
    nextSince: sync.nextSince,
    hasMore: sync.hasMore,
  };
}
