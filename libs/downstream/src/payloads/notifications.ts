import type { JSONSchemaType } from 'ajv';
import { TIMESTAMP } from './common';
import { listEnvelope, payloadReader } from './schema';

export interface NotificationsSummary {
  unreadCount: number;
}

const SUMMARY: JSONSchemaType<NotificationsSummary> = {
  type: 'object',
  properties: { unreadCount: { type: 'integer', minimum: 0 } },
  required: ['unreadCount'],
};

export const readNotificationsSummary = payloadReader(SUMMARY);

/** What the BFF keeps of one notification (campaign and delivery stats are internal). */
export interface DownstreamNotification {
  id: string;
  title: string;
  body?: string | null;
  createdAt: string;
  read: boolean;
  deepLink?: string | null;
}

const NOTIFICATION: JSONSchemaType<DownstreamNotification> = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    body: { type: 'string', nullable: true },
    createdAt: TIMESTAMP,
    read: { type: 'boolean' },
    deepLink: { type: 'string', nullable: true },
  },
  required: ['id', 'title', 'createdAt', 'read'],
};

export const readNotification = payloadReader(NOTIFICATION);
export const isNotificationList = listEnvelope('items');

/** The device registration notifications-service answers with; only the outcome matters. */
export type DeviceRegistration = 'created' | 'updated';
