import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, SERVICE_NAMES, ServiceName, ServiceEndpoint } from './app-config';
import {
  DEMO_AUDIENCE,
  DEMO_HOST,
  DEMO_ISSUER,
  DEMO_JWKS_URI,
  DEMO_SERVICE_PORTS,
  DEMO_SERVICE_TOKEN,
} from './demo-defaults';
import { EnvironmentVariables } from './environment';
import { productionSafetyProblems } from './production-safety';

/** Thrown when the environment is invalid; `problems` holds one line per bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const SERVICE_URL_VARIABLE = {
  users: 'USERS_SERVICE_URL',
  orders: 'ORDERS_SERVICE_URL',
  catalog: 'CATALOG_SERVICE_URL',
  notifications: 'NOTIFICATIONS_SERVICE_URL',
  config: 'CONFIG_SERVICE_URL',
} as const satisfies Record<ServiceName, keyof EnvironmentVariables>;

/** Validates the environment once and returns the typed config; nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, withoutBlanks(env));
  const problems = validateSync(vars, { forbidUnknownValues: false }).map(
    ({ property, constraints }) => {
      // "is required" says more than the format rules that an absent value also breaks.
      const message = constraints?.isNotEmpty ?? Object.values(constraints ?? {})[0];
      return `${property}: ${message ?? 'is invalid'}`;
    },
  );
  if (problems.length === 0) problems.push(...productionSafetyProblems(vars));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  const production = vars.NODE_ENV === 'production';

  const timeoutMs = vars.UPSTREAM_TIMEOUT_MS ?? 2_000;
  const service = (name: ServiceName): ServiceEndpoint => ({
    baseUrl: stripTrailingSlash(
      vars[SERVICE_URL_VARIABLE[name]] ?? `http://${DEMO_HOST}:${DEMO_SERVICE_PORTS[name]}`,
    ),
    timeoutMs,
  });
  return {
    environment: (vars.NODE_ENV ?? 'development') as AppConfig['environment'],
    http: {
      host: vars.HOST ?? '0.0.0.0',
      port: vars.PORT ?? 3000,
      bodyLimitBytes: vars.BODY_LIMIT_BYTES ?? 64 * 1024,
      trustedProxies: listOf(vars.TRUSTED_PROXIES, 'none'),
      requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS ?? 10_000,
      keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 72_000,
      maxParamLength: vars.HTTP_MAX_PARAM_LENGTH ?? 5_000,
      maxHeaderBytes: vars.HTTP_MAX_HEADER_BYTES ?? 16_384,
    },
    edge: {
      corsOrigins: vars.CORS_ORIGINS?.split(',') ?? [],
      corsAllowCredentials: vars.CORS_ALLOW_CREDENTIALS === 'true',
      hstsMaxAgeSec: vars.HSTS_MAX_AGE_SEC ?? (production ? 31_536_000 : 0),
      serverTimingAllow:
        vars.SERVER_TIMING_ALLOW === '*' || (!production && !vars.SERVER_TIMING_ALLOW)
          ? '*'
          : listOf(vars.SERVER_TIMING_ALLOW),
      adminPort: vars.ADMIN_PORT,
    },
    webConcurrency: vars.WEB_CONCURRENCY === 'auto' ? 'auto' : Number(vars.WEB_CONCURRENCY ?? 1),
    resilience: {
      breaker: {
        failureRate: vars.BREAKER_FAILURE_RATE ?? 0.5,
        minimumCalls: vars.BREAKER_MIN_CALLS ?? 20,
        windowMs: vars.BREAKER_WINDOW_MS ?? 10_000,
        openMs: vars.BREAKER_OPEN_MS ?? 5_000,
      },
      retry: {
        maxAttempts: vars.RETRY_MAX_ATTEMPTS ?? 2,
        baseDelayMs: vars.RETRY_BASE_DELAY_MS ?? 25,
        maxDelayMs: vars.RETRY_MAX_DELAY_MS ?? 200,
        budgetRatio: vars.RETRY_BUDGET_RATIO ?? 0.2,
      },
      bulkheadMaxConcurrent: vars.BULKHEAD_MAX_CONCURRENT ?? 64,
    },
    lifecycle: {
      drainDelayMs: vars.SHUTDOWN_DRAIN_DELAY_MS ?? 5_000,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 20_000,
    },
    tracing: {
      otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: vars.OTEL_SERVICE_NAME ?? 'mobile-bff',
    },
    upstream: {
      serviceToken: vars.UPSTREAM_SERVICE_TOKEN ?? DEMO_SERVICE_TOKEN,
      maxBodyBytes: vars.DOWNSTREAM_MAX_BODY_BYTES ?? 2_097_152,
      services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, service(name)])) as Record<
        ServiceName,
        ServiceEndpoint
      >,
    },
    auth: {
      jwksUri: vars.AUTH_JWKS_URI ?? DEMO_JWKS_URI,
      issuer: vars.AUTH_ISSUER ?? DEMO_ISSUER,
      audience: vars.AUTH_AUDIENCE ?? DEMO_AUDIENCE,
      clockToleranceSec: vars.AUTH_CLOCK_TOLERANCE_SEC ?? 5,
      jwksRefetchCooldownMs: vars.AUTH_JWKS_COOLDOWN_MS ?? 30_000,
      jwksRefreshMs: vars.AUTH_JWKS_REFRESH_MS ?? 300_000,
      maxTokenLifetimeSec: vars.AUTH_MAX_TOKEN_LIFETIME_SEC ?? 86_400,
      verifiedTokenCacheSize: vars.AUTH_TOKEN_CACHE_SIZE ?? 10_000,
    },
    screens: {
      deadlineMs: vars.SCREEN_DEADLINE_MS ?? 800,
      deadlineMarginMs: vars.SCREEN_DEADLINE_MARGIN_MS ?? 100,
    },
    rateLimit: {
      userPerMinute: vars.RATE_LIMIT_USER_PER_MIN ?? 600,
      anonymousPerMinute: vars.RATE_LIMIT_ANON_PER_MIN ?? 60,
      badTokenPerMinute: vars.RATE_LIMIT_BAD_TOKEN_PER_MIN ?? 30,
    },
    redis: {
      url: vars.REDIS_URL,
      clusterNodes: vars.REDIS_CLUSTER_NODES?.split(','),
      sentinel: vars.REDIS_SENTINELS
        ? { nodes: vars.REDIS_SENTINELS.split(','), masterName: vars.REDIS_SENTINEL_NAME ?? '' }
        : undefined,
      commandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS ?? 100,
    },
    cache: {
      memoryMaxEntries: vars.CACHE_MEMORY_MAX_ENTRIES ?? 10_000,
      screenTtlMs: vars.CACHE_SCREEN_TTL_MS ?? 15_000,
      productTtlMs: vars.CACHE_PRODUCT_TTL_MS ?? 300_000,
      reviewsTtlMs: vars.CACHE_REVIEWS_TTL_MS ?? 300_000,
      configTtlMs: vars.CACHE_CONFIG_TTL_MS ?? 60_000,
      ttlJitter: 0.1,
    },
    api: {
      v1HomeSunset: new Date(vars.API_V1_HOME_SUNSET ?? DEFAULT_V1_HOME_SUNSET),
      // Cursors and sync tokens must verify on every instance: without a secret of its own, the
      // key derives from the service token all instances share (see libs/aggregation paging).
      pagingTokenSecret:
        vars.PAGING_TOKEN_SECRET ?? vars.UPSTREAM_SERVICE_TOKEN ?? DEMO_SERVICE_TOKEN,
    },
    logLevel: vars.LOG_LEVEL ?? 'info',
  };
}

/** The date the team announced for the end of `/{platform}/v1/home`. */
const DEFAULT_V1_HOME_SUNSET = '2027-06-30T00:00:00Z';

/** An empty variable (`FOO=`) means "not set", as it does in most deployment tools. */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()),
  );
}

/** A comma-separated list; unset, or the one word that means "none", is empty. */
function listOf(value: string | undefined, noneWord?: string): string[] {
  return value === undefined || value === noneWord ? [] : value.split(',');
}

function stripTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
