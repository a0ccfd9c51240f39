import { ApiProperty } from '@nestjs/swagger';
import type { DownstreamNotification } from '@app/downstream';

/** One notification as delta sync delivers it (campaign and delivery stats stay internal). */
export class NotificationDto {
  @ApiProperty({ example: 'n-1001-1' }) id!: string;
  @ApiProperty({ example: 'Your order is on its way' }) title!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Track it in the app.' })
  body!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() read!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'app://orders' })
  deepLink!: string | null;
}

export function notificationItem(notification: DownstreamNotification): NotificationDto {
  return {
    id: notification.id,
    title: notification.title,
    body: notification.body ?? null,
    createdAt: notification.createdAt,
    read: notification.read,
    deepLink: notification.deepLink ?? null,
  };
}
