export const SERVICE_NAMES = ['users', 'orders', 'catalog', 'notifications', 'config'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceEndpoint {
  readonly baseUrl: string;
  /** Upper bound for one call; a request's remaining deadline can shorten it further. */
  readonly timeoutMs: number;
}

/** The BFF's whole configuration, validated once at boot (see configuration.md). */
export interface AppConfig {
  readonly environment: 'production' | 'development' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** Proxies whose X-Forwarded-For is believed (IPs or CIDRs); none: the socket address counts. */
    readonly trustedProxies: readonly string[];
  };
  readonly upstream: {
    readonly serviceToken: string;
    readonly services: Readonly<Record<ServiceName, ServiceEndpoint>>;
  };
  readonly auth: {
    readonly jwksUri: string;
    readonly issuer: string;
    readonly audience: string;
    /** Accepted clock skew for exp/nbf; the contract caps it at 5 s. */
    readonly clockToleranceSec: number;
    /** Minimum time between two JWKS fetches caused by unknown key ids. */
    readonly jwksRefetchCooldownMs: number;
    readonly verifiedTokenCacheSize: number;
  };
  readonly screens: {
    /** Overall budget of a screen request (the contract's 800 ms). */
    readonly deadlineMs: number;
    /** Kept back from each downstream call's timeout so the response still leaves in time. */
    readonly deadlineMarginMs: number;
  };
  readonly rateLimit: { readonly userPerMinute: number; readonly anonymousPerMinute: number };
  readonly redis: {
    readonly url?: string;
    readonly clusterNodes?: readonly string[];
    /** A Redis command that takes longer fails (and the BFF carries on without Redis). */
    readonly commandTimeoutMs: number;
  };
  readonly cache: {
    /** Entries kept in the in-process tier (LRU beyond that). */
    readonly memoryMaxEntries: number;
    /** User-specific screens; never above the contract's `private, max-age=30`. */
    readonly screenTtlMs: number;
    /** Shared catalog products. */
    readonly productTtlMs: number;
    /** Each TTL is shortened by up to this fraction at random, so entries do not expire together. */
    readonly ttlJitter: number;
  };
  readonly logLevel: string;
}
