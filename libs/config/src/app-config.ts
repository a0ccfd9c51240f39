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
  readonly http: { readonly host: string; readonly port: number; readonly bodyLimitBytes: number };
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
  readonly redis: { readonly url?: string; readonly clusterNodes?: readonly string[] };
  readonly logLevel: string;
}
