import { bffsClosedAfterAll } from './support/bff-harness';
import { freePort } from './support/ports';

/** A loopback URL where nothing listens (the port was free a moment ago). */
async function deadUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

describe('health probes', () => {
  const bffWith = bffsClosedAfterAll();

  it('are public and ready when every service is reachable', async () => {
    const bff = await bffWith();
    expect((await bff.client.live()).status).toBe(200);
    const ready = await bff.client.ready();
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { users: { status: 'up' }, orders: { status: 'up' } },
    });
  });

  it('turn unready (503) but stay live when users-service, which every screen needs, is unreachable', async () => {
    const bff = await bffWith({ USERS_SERVICE_URL: await deadUrl() });
    expect((await bff.client.live()).status).toBe(200);
    const ready = await bff.client.ready();
    expect(ready.status).toBe(503);
    // Every non-2xx is the contract's envelope, health included; the details go to the log.
    expect(ready.body).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } });
  });

  it('stay ready when only an optional service is unreachable, and show it', async () => {
    const bff = await bffWith({ ORDERS_SERVICE_URL: await deadUrl() });
    const ready = await bff.client.ready();
    expect(ready.status).toBe(200);
    expect(ready.body.details.orders).toMatchObject({ status: 'degraded' });
    expect(ready.body.details.users).toMatchObject({ status: 'up' });
  });
});
