import { MatchersV3 } from '@pact-foundation/pact';
import type { OrdersPage } from '@app/downstream';
import { withBffClients } from './support/bff-clients';
import {
  BAD_SERVICE_TOKEN,
  bffHeaders,
  isoTime,
  money,
  NOT_FOUND_BODY,
  PROVIDERS,
  UNAUTHORIZED_BODY,
  USER_ID,
} from './support/contract';
import { describePact } from './support/consumer-pact';

const { eachLike, equal, fromProviderState, integer, like, nullValue, regex } = MatchersV3;

const SHIPPED_ORDER_ID = 'o-1001-2';
const OTHER_USERS_ORDER_ID = 'o-1002-1';
const UNKNOWN_ORDER_ID = 'o-unknown';
/** Home asks for 3 recent orders; sync pages by 20 from a watermark. */
const HOME_ORDERS = 3;
const SYNC_PAGE = 20;
const WATERMARK = '2020-01-01T00:00:00.000Z';

/** An order as the BFF validates it in a list; `userId` must be the caller's or it is dropped. */
const order = (userId: unknown = equal(USER_ID)) => ({
  orderId: like('o-1001-1'),
  userId,
  status: like('PLACED'),
  placedAt: isoTime('2026-11-20T08:00:00Z'),
  updatedAt: isoTime('2026-11-20T09:00:00Z'),
  estimatedDelivery: isoTime('2026-11-25T08:00:00Z'),
  items: eachLike({
    productId: like('p-200'),
    name: like('Trail shoe'),
    quantity: integer(2),
    unitPrice: money('89.00', 'GBP'),
  }),
  totals: { grandTotal: money('183.60', 'GBP') },
});

const ordersPage = () => ({ orders: eachLike(order()), nextCursor: like('opaque-cursor') });

/** The last page of a list: its orders, and no cursor to a next one. */
const lastPage = () => ({ orders: eachLike(order()), nextCursor: nullValue() });

/** What the BFF reads of such a page: the one order the matcher stands for, and no next page. */
async function expectLastPage(reading: Promise<OrdersPage>): Promise<void> {
  const page = await reading;
  expect(page.orders).toHaveLength(1);
  expect(page.nextCursor).toBeNull();
}

describePact(PROVIDERS.orders, (pact, interaction) => {
  interaction('GET /orders: a user’s recent orders', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has more than ${HOME_ORDERS} orders`)
      .uponReceiving('a request for a user’s first page of orders')
      .withRequest('GET', '/orders', (request) =>
        request
          .query({ userId: USER_ID, limit: String(HOME_ORDERS) })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody(ordersPage()))
      .executeTest((server) =>
        withBffClients('orders', server.url, async ({ orders, context }) => {
          const page = await orders.listOrders(context(), { userId: USER_ID, limit: HOME_ORDERS });
          expect(page.orders).toHaveLength(1);
          expect(page.orders[0]).toMatchObject({ userId: USER_ID, orderId: 'o-1001-1' });
          expect(page.nextCursor).toBe('opaque-cursor');
        }),
      ),
  );

  interaction('GET /orders: the next page, by the cursor the previous page gave', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has a second page of orders`, { limit: HOME_ORDERS })
      .uponReceiving('a request for the next page of a user’s orders')
      .withRequest('GET', '/orders', (request) =>
        request
          .query({
            userId: USER_ID,
            limit: String(HOME_ORDERS),
            // The provider's own opaque cursor, which its state handler returns as `cursor`.
            cursor: fromProviderState('${cursor}', 'opaque-cursor'),
          })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody(lastPage()))
      .executeTest((server) =>
        withBffClients('orders', server.url, ({ orders, context }) =>
          expectLastPage(
            orders.listOrders(context(), {
              userId: USER_ID,
              limit: HOME_ORDERS,
              cursor: 'opaque-cursor',
            }),
          ),
        ),
      ),
  );

  interaction('GET /orders: the orders changed since a watermark (sync)', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has fewer than ${SYNC_PAGE} orders changed since ${WATERMARK}`)
      .uponReceiving('a request for a user’s orders changed since a time')
      .withRequest('GET', '/orders', (request) =>
        request
          .query({ userId: USER_ID, limit: String(SYNC_PAGE), updatedSince: isoTime(WATERMARK) })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) => response.jsonBody(lastPage()))
      .executeTest((server) =>
        withBffClients('orders', server.url, ({ orders, context }) =>
          expectLastPage(
            orders.listOrders(context(), {
              userId: USER_ID,
              limit: SYNC_PAGE,
              updatedSince: WATERMARK,
            }),
          ),
        ),
      ),
  );

  interaction('GET /orders/{id}: one of the caller’s orders, shipped', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has a shipped order ${SHIPPED_ORDER_ID}`)
      .uponReceiving('a request for one of the user’s orders')
      .withRequest('GET', `/orders/${SHIPPED_ORDER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          ...order(USER_ID),
          orderId: SHIPPED_ORDER_ID,
          status: like('SHIPPED'),
          shippingAddress: {
            line1: like('12 Old Street'),
            city: like('London'),
            postcode: like('EC1A 1BB'),
            country: like('GB'),
          },
          paymentMethod: { brand: like('VISA'), last4: regex('^\\d{4}$', '4242') },
          carrier: { name: like('DPD'), trackingUrl: like('https://track.example/TRK10012') },
        }),
      )
      .executeTest((server) =>
        withBffClients('orders', server.url, async ({ orders, context }) => {
          const detail = await orders.getOrder(context(), SHIPPED_ORDER_ID, USER_ID);
          expect(detail).toMatchObject({
            orderId: SHIPPED_ORDER_ID,
            userId: USER_ID,
            paymentMethod: { brand: 'VISA', last4: '4242' },
            carrier: { name: 'DPD', trackingUrl: 'https://track.example/TRK10012' },
          });
        }),
      ),
  );

  interaction('GET /orders/{id}: another user’s order is answered (the BFF hides it)', () =>
    pact
      .addInteraction()
      .given(`order ${OTHER_USERS_ORDER_ID} belongs to user u-1002`)
      .uponReceiving('a request for an order of another user')
      .withRequest('GET', `/orders/${OTHER_USERS_ORDER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ ...order('u-1002'), orderId: OTHER_USERS_ORDER_ID }),
      )
      .executeTest((server) =>
        withBffClients('orders', server.url, async ({ orders, context }) => {
          await expect(
            orders.getOrder(context(), OTHER_USERS_ORDER_ID, USER_ID),
          ).rejects.toMatchObject({ failure: 'not_found' });
        }),
      ),
  );

  interaction('GET /orders/{id}: 404 for an unknown order', () =>
    pact
      .addInteraction()
      .given(`order ${UNKNOWN_ORDER_ID} does not exist`)
      .uponReceiving('a request for an unknown order')
      .withRequest('GET', `/orders/${UNKNOWN_ORDER_ID}`, (request) =>
        request.headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(404, (response) => response.jsonBody(NOT_FOUND_BODY))
      .executeTest((server) =>
        withBffClients('orders', server.url, async ({ orders, context }) => {
          await expect(orders.getOrder(context(), UNKNOWN_ORDER_ID, USER_ID)).rejects.toMatchObject(
            { failure: 'not_found', status: 404 },
          );
        }),
      ),
  );

  interaction('GET /orders: 401 for a wrong service token', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has more than ${HOME_ORDERS} orders`)
      .uponReceiving('a request for a user’s orders with a wrong service token')
      .withRequest('GET', '/orders', (request) =>
        request
          .query({ userId: USER_ID, limit: String(HOME_ORDERS) })
          .headers(bffHeaders({ userId: USER_ID, token: BAD_SERVICE_TOKEN })),
      )
      .willRespondWith(401, (response) => response.jsonBody(UNAUTHORIZED_BODY))
      .executeTest((server) =>
        withBffClients(
          'orders',
          server.url,
          async ({ orders, context }) => {
            await expect(
              orders.listOrders(context(), { userId: USER_ID, limit: HOME_ORDERS }),
            ).rejects.toMatchObject({ failure: 'rejected', status: 401 });
          },
          BAD_SERVICE_TOKEN,
        ),
      ),
  );
});
