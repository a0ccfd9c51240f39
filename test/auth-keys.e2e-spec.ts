import { JwksKeyStore } from '@app/auth';
import { DemoBackends, startDemoBackends } from '../apps/demo-backends/src';
import { BffHarness, startBff } from './support/bff-harness';
import { expectedEnvelope } from './support/envelope';

/** The shortest refresh the configuration allows: the schedule is what these tests watch. */
const REFRESH_MS = '1000';
/** Long enough that no unknown kid can refetch during a test: only the schedule fetches. */
const NO_KID_REFETCH = '600000';

/** Resolves at the key store's next key set change that `matches` (a scheduled refresh's). */
function keySetChange(
  bff: BffHarness,
  matches: (change: { added: readonly string[]; removed: readonly string[] }) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    bff.app.get(JwksKeyStore).onKeySetChange((change) => {
      if (matches(change)) resolve();
    });
  });
}

describe('signing keys of the identity provider', () => {
  describe('refreshed on a schedule', () => {
    let bff: BffHarness;

    beforeEach(async () => {
      bff = await startBff({
        AUTH_JWKS_REFRESH_MS: REFRESH_MS,
        AUTH_JWKS_COOLDOWN_MS: NO_KID_REFETCH,
      });
      await bff.app.get(JwksKeyStore).warmUp();
    });
    afterEach(() => bff.close());

    it('stop trusting a withdrawn key without a restart, tokens already verified included', async () => {
      const { idp } = bff.backends;
      const compromised = idp.signingKey('RS256');
      const token = await idp.mint({ sub: 'u-1001' });
      expect((await bff.client.home('ios', { token })).status).toBe(200); // verified, and cached

      const withdrawn = keySetChange(bff, ({ removed }) => removed.includes(compromised.kid));
      idp.withdrawKey(compromised.kid);
      await withdrawn;

      const cached = await bff.client.home('ios', { token });
      expect(cached.status).toBe(401);
      expect(cached.body).toMatchObject({ error: { code: 'UNAUTHENTICATED', retryable: false } });
      const fresh = await idp.mint({ key: compromised, sub: 'u-1002' });
      expect((await bff.client.home('ios', { token: fresh })).status).toBe(401);
      // The key that stays keeps verifying.
      const es256 = await bff.token('u-1003', 'ES256');
      expect((await bff.client.home('ios', { token: es256 })).status).toBe(200);
    });

    it('accept a key published ahead of a rotation from its first token, with no fetch for it', async () => {
      const { idp } = bff.backends;
      const ahead = await idp.publishKey('ES256');
      const published = keySetChange(bff, ({ added }) => added.includes(ahead.kid));
      await published;

      const fetchesBefore = idp.jwksFetchCount();
      const token = await idp.mint({ key: ahead, sub: 'u-1004' });
      const home = await bff.client.home('ios', { token });
      expect(home.status).toBe(200);
      expect(home.body.user.userId).toBe('u-1004');
      expect(idp.jwksFetchCount()).toBe(fetchesBefore);
    });
  });

  describe('when the identity provider is down from the start', () => {
    let backends: DemoBackends;
    let bff: BffHarness;

    beforeAll(async () => {
      backends = await startDemoBackends();
      backends.idp.setJwksAvailable(false);
      // A short cooldown bounds the wait before a failed fetch may be retried.
      bff = await startBff({ AUTH_JWKS_COOLDOWN_MS: '100' }, { backends });
    });
    afterAll(async () => {
      await bff.close();
      await backends.close();
    });

    it('answer a valid token 503 AUTH_UNAVAILABLE (retryable), never the 401 that logs users out', async () => {
      const token = await bff.token('u-1001');
      for (const answer of [
        await bff.client.home('ios', { token }),
        await bff.client.home('android', { token }),
        // A route where the token is optional but checked when sent: the same.
        await bff.client.product('ios', 'p-100', { token }),
      ]) {
        expect(answer.status).toBe(503);
        expect(answer.body).toEqual(expectedEnvelope('AUTH_UNAVAILABLE', true));
      }
    });

    it('are not ready while no key is usable, stay live, and turn ready once the keys come', async () => {
      expect((await bff.client.live()).status).toBe(200);
      const unready = await bff.client.ready();
      expect(unready.status).toBe(503);
      expect(unready.body).toMatchObject({ error: { code: 'UPSTREAM_UNAVAILABLE' } });

      backends.idp.setJwksAvailable(true);
      await new Promise((resolve) => setTimeout(resolve, 150)); // the retry delay after a failure
      const ready = await bff.client.ready();
      expect(ready.status).toBe(200);
      expect(ready.body.details.signingKeys).toEqual({ status: 'up', keys: 2 });
      const token = await bff.token('u-1001');
      expect((await bff.client.home('ios', { token })).status).toBe(200);
    });
  });
});
