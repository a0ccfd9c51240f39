import type { JSONSchemaType } from 'ajv';
import { payloadReader } from './schema';

export interface NotificationsSummary {
  unreadCount: number;
}

const SUMMARY: JSONSchemaType<NotificationsSummary> = {
  type: 'object',
  properties: { unreadCount: { type: 'integer', minimum: 0 } },
  required: ['unreadCount'],
};

export const readNotificationsSummary = payloadReader(SUMMARY);
