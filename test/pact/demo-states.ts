import type { DemoBackends } from '../../apps/demo-backends/src';
import type { StateHandlers } from './verify-pacts.cjs';
import { PUSH_TOKEN, USER_ID } from './support/contract';

type JsonMap = Record<string, unknown>;
type Params = JsonMap | undefined;

/** A state the demo's generated data always holds: every `u-<digits>` user exists, and so on. */
const holds = (): Promise<undefined> => Promise.resolve(undefined);

/**
 * The provider states of the BFF's pacts, set up on the demo services: through their test hooks
 * (config), or through their own API with the demo's service token (devices, order cursors).
 */
export function demoStateHandlers(demo: DemoBackends): Record<string, StateHandlers> {
  const call = async (
    service: 'orders' | 'notifications',
    method: string,
    path: string,
    body?: JsonMap,
  ) => {
    const response = await fetch(`${demo.urls[service]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${demo.serviceToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status >= 300 && response.status !== 404) {
      throw new Error(`state setup: ${method} ${path} answered ${response.status}`);
    }
    return response.status === 204 ? undefined : ((await response.json()) as JsonMap);
  };
  const devicePath = `/devices/${PUSH_TOKEN}`;

  return {
    'users-service': {
      [`user ${USER_ID} exists`]: holds,
      'user u-unknown does not exist': holds,
    },
    'orders-service': {
      [`user ${USER_ID} has more than 3 orders`]: holds,
      [`user ${USER_ID} has fewer than 20 orders changed since 2020-01-01T00:00:00.000Z`]: holds,
      [`user ${USER_ID} has a shipped order o-1001-2`]: holds,
      'order o-1002-1 belongs to user u-1002': holds,
      'order o-unknown does not exist': holds,
      // The provider's own cursor: the one its first page gives.
      [`user ${USER_ID} has a second page of orders`]: async (params?: Params) => {
        const limit = Number(params?.limit ?? 3);
        const page = await call('orders', 'GET', `/orders?userId=${USER_ID}&limit=${limit}`);
        if (typeof page?.nextCursor !== 'string') throw new Error('no second page of orders');
        return { cursor: page.nextCursor };
      },
    },
    'catalog-service': {
      [`user ${USER_ID} has recommendations`]: holds,
      'products p-200 and p-201 exist': holds,
      'product p-200 exists': holds,
      'product p-200 has reviews': holds,
      'product p-unknown does not exist': holds,
    },
    'notifications-service': {
      [`user ${USER_ID} has unread notifications`]: holds,
      [`user ${USER_ID} has notifications`]: holds,
      [`user ${USER_ID} has notifications created since 2020-01-01T00:00:00.000Z`]: holds,
      [`user ${USER_ID} has registered push token ${PUSH_TOKEN}`]: async () => {
        await call('notifications', 'PUT', devicePath, {
          userId: USER_ID,
          platform: 'apns',
          appVersion: '5.1.3',
          locale: 'en-GB',
        });
        return undefined;
      },
      [`user ${USER_ID} has not registered push token ${PUSH_TOKEN}`]: async () => {
        await call('notifications', 'DELETE', `${devicePath}?userId=${USER_ID}`);
        return undefined;
      },
    },
    'config-service': {
      'no maintenance is announced': () => {
        demo.setMobileConfig(null);
        return Promise.resolve(undefined);
      },
      'maintenance is announced': {
        setup: (params?: Params) => {
          demo.setMobileConfig({ maintenance: params as { message: string; until: string } });
          return Promise.resolve(undefined);
        },
        teardown: () => {
          demo.setMobileConfig(null);
          return Promise.resolve(undefined);
        },
      },
    },
  };
}
