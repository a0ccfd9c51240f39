import { UNKNOWN_PRODUCT_ID } from '../apps/demo-backends/src';
import { BffHarness, bffsClosedAfterAll } from './support/bff-harness';

const idsOf = (path: string) =>
  new URLSearchParams(path.split('?')[1]).get('ids')?.split(',') ?? [];

describe('shared product cache', () => {
  const bffWith = bffsClosedAfterAll();

  const batches = (bff: BffHarness) =>
    bff.backends
      .calls('catalog')
      .map((call) => call.path)
      .filter((path) => path.startsWith('/products'));

  it('fetches a product once for every user, and only the missing ones in the one batch', async () => {
    const bff = await bffWith({ CACHE_PRODUCT_TTL_MS: '60000' });
    const seen = new Set<string>();
    for (const user of ['u-7001', 'u-7002', 'u-7003', 'u-7001']) {
      bff.backends.resetCalls();
      const response = await bff.client.home('ios', { token: await bff.token(user) });
      expect(response.status).toBe(200);
      expect(response.body.recommendations).toHaveLength(6);
      const calls = batches(bff);
      expect(calls.length).toBeLessThanOrEqual(1);
      for (const id of calls.flatMap(idsOf)) {
        // Only unknown ids (never cached) may be asked for twice.
        if (seen.has(id)) expect(id).toBe(UNKNOWN_PRODUCT_ID);
        seen.add(id);
      }
    }
    // u-7001 again: every product it shows is cached; only the unknown id is asked for again.
    expect(batches(bff).flatMap(idsOf)).toEqual([UNKNOWN_PRODUCT_ID]);
  });

  it('serves stale products while the catalog is down, instead of an empty row', async () => {
    const bff = await bffWith({ CACHE_PRODUCT_TTL_MS: '1' });
    const token = await bff.token('u-7101');
    const warm = await bff.client.home('android', { token });
    expect(warm.body.recommendations).toHaveLength(8);

    bff.backends.setFault('catalog', { kind: 'status', status: 503 }, { path: '/products' });
    const response = await bff.client.home('android', { token });
    bff.backends.clearFaults();
    expect(response.status).toBe(200);
    // The catalog failed: the section says so, whatever cached products are shown beside it.
    expect(response.body.meta.degradedSections).toEqual(['recommendations']);
    expect(response.body.recommendations).toEqual(warm.body.recommendations);
    expect(batches(bff).length).toBeGreaterThanOrEqual(2); // it did try the catalog again
  });

  it('keeps no product when caching is off', async () => {
    const bff = await bffWith({ CACHE_PRODUCT_TTL_MS: '0' });
    const token = await bff.token('u-7201');
    await bff.client.home('ios', { token });
    bff.backends.setFault('catalog', { kind: 'status', status: 503 }, { path: '/products' });
    const response = await bff.client.home('ios', { token });
    expect(response.body.meta.degradedSections).toEqual(['recommendations']);
  });
});
