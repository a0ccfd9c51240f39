import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamHttp } from '../downstream-http';
import { expectRecord } from '../payload';
import type { NotificationsSummary } from '../types/notifications';

@Injectable()
export class NotificationsClient {
  constructor(private readonly http: DownstreamHttp) {}

  /** Only the unread count: asks for one unread item so the service does as little as possible. */
  async getUnreadSummary(context: CallContext, userId: string): Promise<NotificationsSummary> {
    const body = expectRecord(
      'notifications',
      await this.http.getJson('notifications', context, {
        path: '/notifications',
        query: { userId, unreadOnly: true, limit: 1 },
        userId,
      }),
    );
    const unreadCount = body.unreadCount;
    if (typeof unreadCount !== 'number' || !Number.isInteger(unreadCount) || unreadCount < 0) {
      throw new DownstreamError('notifications', 'bad_response');
    }
    return { unreadCount };
  }
}
