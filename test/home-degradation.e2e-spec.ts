import { performance } from 'node:perf_hooks';
import type { Fault } from '../apps/demo-backends/src';
import { useBff } from './support/bff-harness';

/** The contract: the whole call answers within 800 ms even when a source hangs. */
const SCREEN_DEADLINE_MS = 800;

const FAULTS: ReadonlyArray<[string, Fault]> = [
  ['500', { kind: 'status', status: 500 }],
  ['hang', { kind: 'hang' }],
  ['slow beyond the deadline', { kind: 'delay', ms: 2_000 }],
  ['non-JSON body', { kind: 'non-json' }],
  ['connection reset', { kind: 'reset' }],
];

const NON_CRITICAL: ReadonlyArray<{
  service: 'orders' | 'catalog' | 'notifications';
  path?: string;
  section: string;
  empty: unknown;
}> = [
  { service: 'orders', section: 'recentOrders', empty: [] },
  { service: 'catalog', path: '/recommendations', section: 'recommendations', empty: [] },
  { service: 'catalog', path: '/products', section: 'recommendations', empty: [] },
  { service: 'notifications', section: 'unreadNotifications', empty: null },
];

describe('home screen under downstream faults', () => {
  const suite = useBff();

  async function timedHome(platform: 'ios' | 'android') {
    const started = performance.now();
    const response = await suite.bff.client.home(platform, { token: suite.token });
    return { response, elapsedMs: performance.now() - started };
  }

  describe.each(NON_CRITICAL)('$service $path failing', ({ service, path, section, empty }) => {
    it.each(FAULTS)('%s: 200 with only %s degraded, within the deadline', async (_, fault) => {
      suite.bff.backends.setFault(service, fault, { path });
      for (const platform of ['ios', 'android'] as const) {
        const { response, elapsedMs } = await timedHome(platform);
        expect(response.status).toBe(200);
        expect(elapsedMs).toBeLessThan(SCREEN_DEADLINE_MS);
        expect(response.body.meta).toMatchObject({ degraded: true, degradedSections: [section] });
        expect(response.body[section]).toEqual(empty);
        expect(response.body.user.userId).toBe('u-1001');
      }
    });
  });

  it.each(FAULTS)(
    'users %s: 503 USER_PROFILE_UNAVAILABLE within the deadline',
    async (_, fault) => {
      suite.bff.backends.setFault('users', fault);
      const { response, elapsedMs } = await timedHome('ios');
      expect(response.status).toBe(503);
      expect(elapsedMs).toBeLessThan(SCREEN_DEADLINE_MS);
      expect(response.body).toEqual({
        error: {
          code: 'USER_PROFILE_UNAVAILABLE',
          message: expect.any(String),
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
          retryable: true,
        },
      });
    },
  );

  it('every non-critical source failing at once still renders the profile', async () => {
    suite.bff.backends.setFault('orders', { kind: 'hang' });
    suite.bff.backends.setFault('catalog', { kind: 'status', status: 503 });
    suite.bff.backends.setFault('notifications', { kind: 'reset' });
    const { response, elapsedMs } = await timedHome('android');
    expect(response.status).toBe(200);
    expect(elapsedMs).toBeLessThan(SCREEN_DEADLINE_MS);
    expect([...response.body.meta.degradedSections].sort()).toEqual([
      'recentOrders',
      'recommendations',
      'unreadNotifications',
    ]);
  });

  it('a source that is slow but inside the deadline is not degraded', async () => {
    suite.bff.backends.setFault('notifications', { kind: 'delay', ms: 150 });
    const { response } = await timedHome('ios');
    expect(response.status).toBe(200);
    expect(response.body.meta).toMatchObject({ degraded: false, degradedSections: [] });
    expect(typeof response.body.unreadNotifications).toBe('number');
  });
});
