import { MatchersV3 } from '@pact-foundation/pact';
import { withBffClients } from './support/bff-clients';
import {
  BAD_SERVICE_TOKEN,
  bffHeaders,
  isoTime,
  PROVIDERS,
  UNAUTHORIZED_BODY,
} from './support/contract';
import { describePact } from './support/consumer-pact';

const { boolean, eachValueMatches, like, nullValue, regex } = MatchersV3;

const SEMVER = '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';
const MAINTENANCE = { message: 'Payments are paused', until: '2031-01-01T04:00:00Z' };

const mobileConfig = (maintenance: unknown) => ({
  minSupportedVersion: regex(SEMVER, '4.2.0'),
  latestVersion: regex(SEMVER, '5.1.3'),
  // Any flags: the BFF echoes them all (the demo's are booleans).
  featureFlags: eachValueMatches({ newCheckout: true }, boolean(true)),
  maintenance,
  supportUrl: like('https://help.example/mobile'),
});

describePact(PROVIDERS.config, (pact, interaction) => {
  interaction('GET /config/mobile: the iOS config, no maintenance', () =>
    pact
      .addInteraction()
      .given('no maintenance is announced')
      .uponReceiving('a request for the iOS mobile config')
      .withRequest('GET', '/config/mobile', (request) =>
        request.query({ platform: 'ios' }).headers(bffHeaders()),
      )
      .willRespondWith(200, (response) => response.jsonBody(mobileConfig(nullValue())))
      .executeTest((server) =>
        withBffClients('config', server.url, async ({ config, context }) => {
          expect(await config.getMobileConfig(context(), 'ios')).toEqual({
            minSupportedVersion: '4.2.0',
            latestVersion: '5.1.3',
            featureFlags: { newCheckout: true },
            maintenance: null,
            supportUrl: 'https://help.example/mobile',
          });
        }),
      ),
  );

  interaction('GET /config/mobile: the Android config, maintenance announced', () =>
    pact
      .addInteraction()
      .given('maintenance is announced', MAINTENANCE)
      .uponReceiving('a request for the Android mobile config')
      .withRequest('GET', '/config/mobile', (request) =>
        request.query({ platform: 'android' }).headers(bffHeaders()),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody(
          mobileConfig({ message: like(MAINTENANCE.message), until: isoTime(MAINTENANCE.until) }),
        ),
      )
      .executeTest((server) =>
        withBffClients('config', server.url, async ({ config, context }) => {
          const answer = await config.getMobileConfig(context(), 'android');
          expect(answer.maintenance).toEqual(MAINTENANCE);
        }),
      ),
  );

  interaction('GET /config/mobile: 401 for a wrong service token', () =>
    pact
      .addInteraction()
      .given('no maintenance is announced')
      .uponReceiving('a request for the mobile config with a wrong service token')
      .withRequest('GET', '/config/mobile', (request) =>
        request.query({ platform: 'ios' }).headers(bffHeaders({ token: BAD_SERVICE_TOKEN })),
      )
      .willRespondWith(401, (response) => response.jsonBody(UNAUTHORIZED_BODY))
      .executeTest((server) =>
        withBffClients(
          'config',
          server.url,
          async ({ config, context }) => {
            await expect(config.getMobileConfig(context(), 'ios')).rejects.toMatchObject({
              failure: 'rejected',
              status: 401,
            });
          },
          BAD_SERVICE_TOKEN,
        ),
      ),
  );
});
