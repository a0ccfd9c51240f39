import { MatchersV3 } from '@pact-foundation/pact';
import type { DeviceRegistrationRequest } from '@app/downstream';
import { withBffClients } from './support/bff-clients';
import {
  BAD_SERVICE_TOKEN,
  bffHeaders,
  isoTime,
  NOT_FOUND_BODY,
  PROVIDERS,
  PUSH_TOKEN,
  UNAUTHORIZED_BODY,
  USER_ID,
} from './support/contract';
import { describePact } from './support/consumer-pact';

const { boolean, eachLike, integer, like } = MatchersV3;

/**
 * An APNs token (64 hex digits). Not an FCM one: the BFF URL-encodes an FCM token's `:`, and a
 * pact cannot hold a percent-encoded path (the mock server compares the raw path, a verifier
 * encodes the `%` again), so that case is left to the e2e tests.
 */
const DEVICE_PATH = `/devices/${PUSH_TOKEN}`;
const REGISTRATION: DeviceRegistrationRequest = {
  userId: USER_ID,
  platform: 'apns',
  appVersion: '5.1.3',
  locale: 'en-GB',
};
const SYNC_NOTIFICATIONS = 50;
const SINCE = '2020-01-01T00:00:00.000Z';

const notifications = () =>
  eachLike({
    id: like('n-1001-1'),
    title: like('Your order is on its way'),
    body: like('Track it in the app.'),
    createdAt: isoTime('2026-11-20T06:00:00Z'),
    read: boolean(false),
    deepLink: like('app://orders'),
  });

describePact(PROVIDERS.notifications, (pact, interaction) => {
  interaction('GET /notifications?unreadOnly=true&limit=1: the unread count (home badge)', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has unread notifications`)
      .uponReceiving('a request for a user’s unread count')
      .withRequest('GET', '/notifications', (request) =>
        request
          .query({ userId: USER_ID, unreadOnly: 'true', limit: '1' })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody({ unreadCount: integer(3) }))
      .executeTest((server) =>
        withBffClients('notifications', server.url, async ({ notifications, context }) => {
          expect(await notifications.getUnreadSummary(context(), USER_ID)).toEqual({
            unreadCount: 3,
          });
        }),
      ),
  );

  interaction('GET /notifications: a user’s notifications (sync, first time)', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has notifications`)
      .uponReceiving('a request for a user’s notifications')
      .withRequest('GET', '/notifications', (request) =>
        request
          .query({ userId: USER_ID, limit: String(SYNC_NOTIFICATIONS) })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody({ items: notifications() }))
      .executeTest((server) =>
        withBffClients('notifications', server.url, async ({ notifications, context }) => {
          const items = await notifications.listNotifications(context(), {
            userId: USER_ID,
            limit: SYNC_NOTIFICATIONS,
          });
          expect(items).toEqual([expect.objectContaining({ id: 'n-1001-1', read: false })]);
        }),
      ),
  );

  interaction('GET /notifications?since=: the notifications created since a watermark', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has notifications created since ${SINCE}`)
      .uponReceiving('a request for a user’s notifications since a time')
      .withRequest('GET', '/notifications', (request) =>
        request
          .query({ userId: USER_ID, limit: String(SYNC_NOTIFICATIONS), since: isoTime(SINCE) })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody({ items: notifications() }))
      .executeTest((server) =>
        withBffClients('notifications', server.url, async ({ notifications, context }) => {
          const items = await notifications.listNotifications(context(), {
            userId: USER_ID,
            limit: SYNC_NOTIFICATIONS,
            since: SINCE,
          });
          expect(items).toHaveLength(1);
        }),
      ),
  );

  const REGISTERED = `user ${USER_ID} has registered push token ${PUSH_TOKEN}`;
  const NOT_REGISTERED = `user ${USER_ID} has not registered push token ${PUSH_TOKEN}`;

  for (const put of [
    {
      name: 'PUT /devices/{token}: 201 for a new registration',
      state: NOT_REGISTERED,
      request: 'a registration of a new push token',
      status: 201,
      outcome: 'created',
    },
    {
      name: 'PUT /devices/{token}: 200 for a token already registered',
      state: REGISTERED,
      request: 'a registration of a push token already registered',
      status: 200,
      outcome: 'updated',
    },
  ]) {
    interaction(put.name, () =>
      pact
        .addInteraction()
        .given(put.state)
        .uponReceiving(put.request)
        .withRequest('PUT', DEVICE_PATH, (request) =>
          request.headers(bffHeaders({ userId: USER_ID })).jsonBody(REGISTRATION),
        )
        .willRespondWith(put.status)
        .executeTest((server) =>
          withBffClients('notifications', server.url, async ({ notifications, context }) => {
            const outcome = await notifications.registerDevice(context(), PUSH_TOKEN, REGISTRATION);
            expect(outcome).toBe(put.outcome);
          }),
        ),
    );
  }

  for (const remove of [
    {
      name: 'DELETE /devices/{token}: 204 for the user’s token',
      state: REGISTERED,
      request: 'a removal of a registered push token',
      status: 204,
      removed: true,
    },
    {
      name: 'DELETE /devices/{token}: 404 when the user has no such token',
      state: NOT_REGISTERED,
      request: 'a removal of a push token the user has not registered',
      status: 404,
      removed: false,
    },
  ]) {
    interaction(remove.name, () =>
      pact
        .addInteraction()
        .given(remove.state)
        .uponReceiving(remove.request)
        .withRequest('DELETE', DEVICE_PATH, (request) =>
          request.query({ userId: USER_ID }).headers(bffHeaders({ userId: USER_ID })),
        )
        .willRespondWith(remove.status, (response) =>
          remove.removed ? response : response.jsonBody(NOT_FOUND_BODY),
        )
        .executeTest((server) =>
          withBffClients('notifications', server.url, async ({ notifications, context }) => {
            const removed = await notifications.removeDevice(context(), PUSH_TOKEN, USER_ID);
            expect(removed).toBe(remove.removed);
          }),
        ),
    );
  }

  interaction('GET /notifications: 401 for a wrong service token', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has unread notifications`)
      .uponReceiving('a request for a user’s unread count with a wrong service token')
      .withRequest('GET', '/notifications', (request) =>
        request
          .query({ userId: USER_ID, unreadOnly: 'true', limit: '1' })
          .headers(bffHeaders({ userId: USER_ID, token: BAD_SERVICE_TOKEN })),
      )
      .willRespondWith(401, (response) => response.jsonBody(UNAUTHORIZED_BODY))
      .executeTest((server) =>
        withBffClients(
          'notifications',
          server.url,
          async ({ notifications, context }) => {
            await expect(notifications.getUnreadSummary(context(), USER_ID)).rejects.toMatchObject({
              failure: 'rejected',
              status: 401,
            });
          },
          BAD_SERVICE_TOKEN,
        ),
      ),
  );
});
