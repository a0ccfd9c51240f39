import type { DoubleProcess } from './downstream-double-process';
import type { BenchIdentity } from './identity';

/** A server under load: the BFF or the minimal fan-out. */
export interface Target {
  readonly name: 'BFF' | 'minimal';
  readonly baseUrl: string;
  readonly pid: number;
  readonly logFile: string;
  /** Downstream calls made since start, as the target itself counts them. */
  downstreamCalls(): Promise<number>;
  stop(): Promise<void>;
}

/** The variables that point a server at the contract's services and identity provider. */
export function contractEnvironment(
  double: DoubleProcess,
  identity: BenchIdentity,
): Record<string, string> {
  return {
    USERS_SERVICE_URL: double.urls.users,
    ORDERS_SERVICE_URL: double.urls.orders,
    CATALOG_SERVICE_URL: double.urls.catalog,
    NOTIFICATIONS_SERVICE_URL: double.urls.notifications,
    CONFIG_SERVICE_URL: double.urls.config,
    UPSTREAM_SERVICE_TOKEN: double.serviceToken,
    AUTH_JWKS_URI: identity.jwksUri,
    AUTH_ISSUER: identity.issuer,
    AUTH_AUDIENCE: identity.audience,
  };
}

export async function getText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return text;
}
