import { DEMO_AUDIENCE } from '@app/config';
import { DownstreamDouble, startDownstreamDouble } from '../../apps/bench/src/downstream-double';
import {
  RunningIdentityProvider,
  startIdentityProvider,
} from '../../apps/demo-backends/src/identity-provider';
import { ListeningBff, listenBff } from './bff-harness';

/**
 * A real BFF in front of ANOTHER implementation of the downstream contract (not the demo's), whose
 * answers a test can replace per path to send what a misbehaving service would.
 */
export interface DoubleHarness extends ListeningBff {
  double: DownstreamDouble;
  idp: RunningIdentityProvider;
  token(sub: string): Promise<string>;
  close(): Promise<void>;
}

export async function startBffOverDouble(
  env: Record<string, string> = {},
  doubleOptions: Parameters<typeof startDownstreamDouble>[0] = {},
): Promise<DoubleHarness> {
  const [double, idp] = await Promise.all([
    startDownstreamDouble(doubleOptions),
    startIdentityProvider({ host: '127.0.0.1', port: 0, audience: DEMO_AUDIENCE }),
  ]);
  const bff = await listenBff({
    USERS_SERVICE_URL: double.urls.users,
    ORDERS_SERVICE_URL: double.urls.orders,
    CATALOG_SERVICE_URL: double.urls.catalog,
    NOTIFICATIONS_SERVICE_URL: double.urls.notifications,
    CONFIG_SERVICE_URL: double.urls.config,
    UPSTREAM_SERVICE_TOKEN: double.serviceToken,
    AUTH_JWKS_URI: idp.jwksUri,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
    ...env,
  });
  return {
    ...bff,
    double,
    idp,
    token: (sub) => idp.mint({ sub }),
    close: async () => {
      await bff.app.close();
      await Promise.all([double.close(), idp.close()]);
    },
  };
}
