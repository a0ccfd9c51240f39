import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { NotificationsSummary, readNotificationsSummary } from '../payloads/notifications';
import { DownstreamHttp } from '../transport/downstream-http';

@Injectable()
export class NotificationsClient {
  constructor(private readonly http: DownstreamHttp) {}

  /** Only the unread count: asks for one unread item so the service does as little as possible. */
  async getUnreadSummary(context: CallContext, userId: string): Promise<NotificationsSummary> {
    const body = await this.http.getJson('notifications', context, {
      path: '/notifications',
      query: { userId, unreadOnly: true, limit: 1 },
      userId,
    });
    const summary = readNotificationsSummary(body);
    if (!summary) throw new DownstreamError('notifications', 'bad_response');
    return summary;
  }
}
