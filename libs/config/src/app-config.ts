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
    /** Whole request (headers and body) must arrive within this; slow clients are cut off. */
    readonly requestTimeoutMs: number;
    /** Idle keep-alive connections live this long: above load balancers' idle timeouts (60 s). */
    readonly keepAliveTimeoutMs: number;
    /** Longest path parameter accepted (FCM tokens reach 4096 characters). */
    readonly maxParamLength: number;
    /** Largest request header section accepted (431 above it). */
    readonly maxHeaderBytes: number;
  };
  /** What the edge adds to answers and whom it lets see what. */
  readonly edge: {
    /** Origins allowed by CORS (WebView hybrid screens); empty: no CORS headers at all. */
    readonly corsOrigins: readonly string[];
    /** Whether CORS answers allow credentials (cookies, Authorization) for those origins. */
    readonly corsAllowCredentials: boolean;
    /** `Strict-Transport-Security` max-age; 0: no header. */
    readonly hstsMaxAgeSec: number;
    /** Who gets `Server-Timing`: everyone (`*`) or callers in these CIDRs/addresses. */
    readonly serverTimingAllow: '*' | readonly string[];
    /** Set: metrics, docs and health details are served on this port only. */
    readonly adminPort?: number;
  };
  /** Worker processes of `start:prod`: a number, or one per core. */
  readonly webConcurrency: number | 'auto';
  readonly resilience: {
    readonly breaker: {
      /** Opens when this share of calls in the window failed... */
      readonly failureRate: number;
      /** ...and at least this many calls were made in it. */
      readonly minimumCalls: number;
      readonly windowMs: number;
      /** Time open before half-open probes are let through. */
      readonly openMs: number;
    };
    readonly retry: {
      /** Tries per call including the first (1 = never retry). */
      readonly maxAttempts: number;
      readonly baseDelayMs: number;
      readonly maxDelayMs: number;
      /** Retries allowed per service as a share of its live calls (~0.2: ≤ 1.2× load on a dead one). */
      readonly budgetRatio: number;
    };
    /** Concurrent calls per service; more are rejected at once. */
    readonly bulkheadMaxConcurrent: number;
  };
  readonly lifecycle: {
    /** After SIGTERM, readiness fails at once; the listener closes this much later. */
    readonly drainDelayMs: number;
    /** In-flight work gets this long after the listener closed before the process exits anyway. */
    readonly shutdownTimeoutMs: number;
  };
  readonly tracing: {
    /** OTLP/HTTP collector base URL; unset: spans are not exported. */
    readonly otlpEndpoint?: string;
    readonly serviceName: string;
  };
  readonly upstream: {
    readonly serviceToken: string;
    /** Largest downstream answer accepted, after decompression; larger is a bad answer. */
    readonly maxBodyBytes: number;
    readonly services: Readonly<Record<ServiceName, ServiceEndpoint>>;
  };
  readonly auth: {
    readonly jwksUri: string;
    readonly issuer: string;
    readonly audience: string;
    /** Accepted clock skew for exp/nbf; the contract caps it at 5 s. */
    readonly clockToleranceSec: number;
    /** Minimum time since the last successful fetch before an unknown key id refetches. */
    readonly jwksRefetchCooldownMs: number;
    /** Interval of the scheduled JWKS refresh; a failed one keeps the last good key set. */
    readonly jwksRefreshMs: number;
    /** Tokens living longer than this (`exp - iat`, or `exp - now` without `iat`) are rejected. */
    readonly maxTokenLifetimeSec: number;
    readonly verifiedTokenCacheSize: number;
  };
  readonly screens: {
    /** Overall budget of a screen request (the contract's 800 ms). */
    readonly deadlineMs: number;
    /** Kept back from each downstream call's timeout so the response still leaves in time. */
    readonly deadlineMarginMs: number;
  };
  readonly rateLimit: {
    readonly userPerMinute: number;
    readonly anonymousPerMinute: number;
    /** Requests with a forged or malformed token, per client address: a budget of their own. */
    readonly badTokenPerMinute: number;
  };
  readonly redis: {
    readonly url?: string;
    readonly clusterNodes?: readonly string[];
    /** Redis Sentinel instead of `url`: the sentinels' `host:port`s and the master's name. */
    readonly sentinel?: { readonly nodes: readonly string[]; readonly masterName: string };
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
    /** Shared product reviews. */
    readonly reviewsTtlMs: number;
    /** Shared mobile config per platform; served stale for up to 24 h while config-service is down. */
    readonly configTtlMs: number;
    /** Each TTL is shortened by up to this fraction at random, so entries do not expire together. */
    readonly ttlJitter: number;
  };
  readonly api: {
    /** Announced in the `Sunset` header of `/{platform}/v1/home`. */
    readonly v1HomeSunset: Date;
    /** Keys the HMAC of opaque cursors and sync tokens; the same on every instance. */
    readonly pagingTokenSecret: string;
  };
  readonly logLevel: string;
}
