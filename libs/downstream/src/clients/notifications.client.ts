import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamEvents } from '../downstream-events';
import { keepValid } from '../payloads/list';
import {
  DeviceRegistration,
  DownstreamNotification,
  isNotificationList,
  NotificationsSummary,
  readNotification,
  readNotificationsSummary,
} from '../payloads/notifications';
import { DownstreamHttp } from '../transport/downstream-http';

export interface NotificationsQuery {
  userId: string;
  limit: number;
  /** Only notifications created after this instant (ISO 8601). */
  since?: string;
}

/** A push token as notifications-service registers it. */
export interface DeviceRegistrationRequest {
  userId: string;
  platform: 'apns' | 'fcm';
  appVersion: string;
  locale: string;
}

@Injectable()
export class NotificationsClient {
  constructor(
    private readonly http: DownstreamHttp,
    private readonly events: DownstreamEvents,
  ) {}

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

  /** The user's notifications (malformed ones left out and counted). */
  async listNotifications(
    context: CallContext,
    query: NotificationsQuery,
  ): Promise<DownstreamNotification[]> {
    const body = await this.http.getJson('notifications', context, {
      path: '/notifications',
      query: { userId: query.userId, limit: query.limit, since: query.since },
      userId: query.userId,
    });
    if (!isNotificationList(body)) throw new DownstreamError('notifications', 'bad_response');
    return keepValid(body.items, readNotification, (d) => this.events.elementsDropped(d), {
      service: 'notifications',
      element: 'notification',
    });
  }

  /**
   * Registers a push token (idempotent by the contract, so a transient failure may be retried):
   * `created` on 201, `updated` on 200.
   */
  async registerDevice(
    context: CallContext,
    pushToken: string,
    registration: DeviceRegistrationRequest,
  ): Promise<DeviceRegistration> {
    const answer = await this.http.send('notifications', context, {
      method: 'PUT',
      path: `/devices/${encodeURIComponent(pushToken)}`,
      userId: registration.userId,
      body: registration,
      idempotent: true,
    });
    if (answer.status === 201) return 'created';
    if (answer.status === 200) return 'updated';
    throw new DownstreamError('notifications', 'bad_response', answer.status);
  }

  /** Removes this user's push token; false when the user has no such token (404). */
  async removeDevice(context: CallContext, pushToken: string, userId: string): Promise<boolean> {
    try {
      await this.http.send('notifications', context, {
        method: 'DELETE',
        path: `/devices/${encodeURIComponent(pushToken)}`,
        query: { userId },
        userId,
        idempotent: true,
      });
      return true;
    } catch (error) {
      if (error instanceof DownstreamError && error.failure === 'not_found') return false;
      throw error;
    }
  }
}
