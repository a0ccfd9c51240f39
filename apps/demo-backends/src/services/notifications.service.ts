import type { FastifyInstance } from 'fastify';
import { DEVICE_PLATFORMS, DeviceStore, DevicePlatform } from '../data/devices';
import { userDigits } from '../data/ids';
import { findNotifications } from '../data/notifications';
import { parseIso } from '../data/time';
import { FUTURE_FIELD } from '../sentinels';
import { BadRequest, Query, intParam, notFound, queryParam, requiredParam } from '../http';

export function registerNotificationsRoutes(app: FastifyInstance, devices: DeviceStore): void {
  app.get<{ Querystring: Query }>('/notifications', (request, reply) => {
    const all = findNotifications(requiredParam(request.query, 'userId'));
    if (all === undefined) return notFound(reply);
    const limit = intParam(request.query, 'limit', { min: 1, max: 50, fallback: 20 });
    const unreadOnly = booleanParam(queryParam(request.query, 'unreadOnly'));
    const since = queryParam(request.query, 'since');
    const sinceMs = since === undefined ? undefined : parseIso(since);
    if (since !== undefined && sinceMs === undefined) {
      throw new BadRequest('since must be an ISO 8601 timestamp');
    }
    const items = all
      .filter((item) => !unreadOnly || !item.read)
      .filter((item) => sinceMs === undefined || Date.parse(item.createdAt) > sinceMs)
      .slice(0, limit);
    // unreadCount is the user's total, whatever the filters.
    const unreadCount = all.filter((item) => !item.read).length;
    return { items, unreadCount, ...FUTURE_FIELD };
  });

  app.put<{ Params: { pushToken: string } }>('/devices/:pushToken', (request, reply) => {
    const body = parseDeviceBody(request.body);
    if (userDigits(body.userId) === undefined) return notFound(reply);
    const device = { pushToken: request.params.pushToken, ...body };
    const created = devices.upsert(device);
    return reply.code(created ? 201 : 200).send({ ...device, ...FUTURE_FIELD });
  });

  app.delete<{ Params: { pushToken: string }; Querystring: Query }>(
    '/devices/:pushToken',
    (request, reply) => {
      const userId = requiredParam(request.query, 'userId');
      return devices.remove(userId, request.params.pushToken)
        ? reply.code(204).send()
        : notFound(reply);
    },
  );
}

function booleanParam(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new BadRequest('unreadOnly must be true or false');
}

function parseDeviceBody(body: unknown): {
  userId: string;
  platform: DevicePlatform;
  appVersion: string;
  locale: string;
} {
  if (typeof body !== 'object' || body === null) throw new BadRequest('body must be a JSON object');
  const { userId, platform, appVersion, locale } = body as Record<string, unknown>;
  if (typeof userId !== 'string' || userId === '') throw new BadRequest('userId is required');
  if (!DEVICE_PLATFORMS.includes(platform as DevicePlatform)) {
    throw new BadRequest('platform must be apns or fcm');
  }
  if (typeof appVersion !== 'string' || typeof locale !== 'string') {
    throw new BadRequest('appVersion and locale must be strings');
  }
  return { userId, platform: platform as DevicePlatform, appVersion, locale };
}
