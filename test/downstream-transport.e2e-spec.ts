import { buildUser } from '../apps/bench/src/downstream-double-data';
import { DoubleHarness, startBffOverDouble } from './support/double-harness';

/** How the BFF reaches the services: over another implementation of the contract, on loopback. */
describe('the downstream transport', () => {
  describe('services mounted under a path (behind a gateway)', () => {
    let bff: DoubleHarness;
    beforeAll(async () => {
      bff = await startBffOverDouble({}, { basePath: '/gateway/v1' });
    });
    afterAll(() => bff.close());

    it('are called under their configured base URL', async () => {
      const response = await bff.client.home('ios', { token: await bff.token('u-4101') });
      expect(response.status).toBe(200);
      expect(response.body.meta.degraded).toBe(false);
      expect(response.body.user.displayName).toBe(buildUser(4101).displayName);
    });
  });

  describe('over the same services', () => {
    let bff: DoubleHarness;
    beforeAll(async () => {
      bff = await startBffOverDouble();
    });
    afterEach(() => bff.double.override('users', '/users', null));
    afterAll(() => bff.close());

    it('reuses its connections: one screen after another opens no new socket', async () => {
      bff.double.resetCounters();
      const before = bff.double.connectionsOpened('users');
      for (let user = 4110; user < 4130; user += 1) {
        const response = await bff.client.home('android', { token: await bff.token(`u-${user}`) });
        expect(response.status).toBe(200);
      }
      expect(bff.double.calls('users')).toBe(20);
      expect(bff.double.connectionsOpened('users') - before).toBeLessThanOrEqual(1);
    });

    it('never follows a redirect: the service’s answer is refused, nothing else is called', async () => {
      bff.double.override('users', '/users', () => ({
        status: 302,
        headers: { location: `${bff.double.urls.config}/users/u-4131` },
      }));
      bff.double.resetCounters();
      const response = await bff.client.home('ios', { token: await bff.token('u-4131') });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('USER_PROFILE_UNAVAILABLE');
      expect(JSON.stringify(response.body)).not.toContain(bff.double.urls.config);
      expect(bff.double.calls('users')).toBe(1);
      expect(bff.double.calls('config')).toBe(0);
    });
  });
});
