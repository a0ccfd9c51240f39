import { ConfigValidationError, loadConfig } from './load-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  USERS_SERVICE_URL: 'http://users.internal:8080',
  ORDERS_SERVICE_URL: 'http://orders.internal:8080',
  CATALOG_SERVICE_URL: 'http://catalog.internal:8080/',
  NOTIFICATIONS_SERVICE_URL: 'https://notifications.internal',
  CONFIG_SERVICE_URL: 'http://config.internal:8080',
  UPSTREAM_SERVICE_TOKEN: 'machine-token',
  AUTH_JWKS_URI: 'https://idp.example/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp.example/',
  AUTH_AUDIENCE: 'mobile',
  TRUSTED_PROXIES: 'none',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadConfig.name, () => {
  it('runs the embedded demo with no variables at all', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(config.upstream.services.users.baseUrl).toBe('http://127.0.0.1:4101');
    expect(config.rateLimit).toEqual({
      userPerMinute: 600,
      anonymousPerMinute: 60,
      badTokenPerMinute: 30,
    });
    expect(config.redis).toEqual({
      url: undefined,
      clusterNodes: undefined,
      commandTimeoutMs: 100,
    });
    expect(config.screens.deadlineMs).toBe(800);
  });

  it('takes real values in production', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.environment).toBe('production');
    expect(config.upstream.services.catalog.baseUrl).toBe('http://catalog.internal:8080');
    expect(config.auth).toMatchObject({ issuer: 'https://idp.example/', audience: 'mobile' });
  });

  it('never falls back to the demo in production: one line per missing variable', () => {
    const problems = problemsOf({ ...PRODUCTION, USERS_SERVICE_URL: undefined, AUTH_AUDIENCE: '' });
    expect(problems).toEqual([
      'USERS_SERVICE_URL: USERS_SERVICE_URL is required when NODE_ENV=production',
      'AUTH_AUDIENCE: AUTH_AUDIENCE is required when NODE_ENV=production',
    ]);
  });

  it('names each malformed variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ORDERS_SERVICE_URL: 'not a url',
      AUTH_CLOCK_TOLERANCE_SEC: '30',
      REDIS_CLUSTER_NODES: 'a:1,b',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'ORDERS_SERVICE_URL',
      'AUTH_CLOCK_TOLERANCE_SEC',
      'REDIS_CLUSTER_NODES',
      'LOG_LEVEL',
    ]);
  });

  it('reads the bad-token limit, a budget of its own, and refuses 0', () => {
    expect(loadConfig({ RATE_LIMIT_BAD_TOKEN_PER_MIN: '5' }).rateLimit.badTokenPerMinute).toBe(5);
    expect(problemsOf({ RATE_LIMIT_BAD_TOKEN_PER_MIN: '0' })).toEqual([
      expect.stringMatching(/^RATE_LIMIT_BAD_TOKEN_PER_MIN: /),
    ]);
  });

  it('splits Redis cluster seeds', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r1:7000,r2:7001' }).redis.clusterNodes).toEqual([
      'r1:7000',
      'r2:7001',
    ]);
  });
});

describe('production safety', () => {
  it.each([
    ['a plain-http JWKS URL', { AUTH_JWKS_URI: 'http://idp.internal/jwks.json' }, 'AUTH_JWKS_URI'],
    [
      'the demo service token',
      { UPSTREAM_SERVICE_TOKEN: 'demo-service-token' },
      'UPSTREAM_SERVICE_TOKEN',
    ],
    ['a zero JWKS cooldown', { AUTH_JWKS_COOLDOWN_MS: '0' }, 'AUTH_JWKS_COOLDOWN_MS'],
    ['an unset TRUSTED_PROXIES', { TRUSTED_PROXIES: undefined }, 'TRUSTED_PROXIES'],
  ])('refuses %s', (_what, override, variable) => {
    const problems = problemsOf({ ...PRODUCTION, ...override });
    expect(problems.map((line) => line.split(':')[0])).toEqual([variable]);
  });

  it('allows a plain-http JWKS URL on a network declared trusted', () => {
    const env = {
      ...PRODUCTION,
      TRUSTED_PROXIES: '10.0.0.0/8',
      AUTH_JWKS_URI: 'http://idp.internal/jwks.json',
      AUTH_JWKS_ALLOW_HTTP: 'true',
    };
    expect(problemsOf(env)).toEqual([]);
    expect(loadConfig(env).http.trustedProxies).toEqual(['10.0.0.0/8']);
  });

  it('takes none as the decision that the socket address is the client', () => {
    expect(loadConfig(PRODUCTION).http.trustedProxies).toEqual([]);
  });

  it('defaults the edge to safe production values and open development ones', () => {
    const production = loadConfig(PRODUCTION);
    expect(production.edge).toEqual({
      corsOrigins: [],
      corsAllowCredentials: false,
      hstsMaxAgeSec: 31_536_000,
      serverTimingAllow: [],
      adminPort: undefined,
    });
    expect(loadConfig({}).edge).toMatchObject({ hstsMaxAgeSec: 0, serverTimingAllow: '*' });
  });

  it('reads the edge, auth, downstream and worker variables', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://app.example.com,http://localhost:8081',
      SERVER_TIMING_ALLOW: '10.0.0.0/8,127.0.0.1',
      ADMIN_PORT: '9090',
      DOWNSTREAM_MAX_BODY_BYTES: '4096',
      AUTH_JWKS_REFRESH_MS: '60000',
      AUTH_MAX_TOKEN_LIFETIME_SEC: '3600',
      WEB_CONCURRENCY: 'auto',
      REDIS_SENTINELS: 's1:26379,s2:26379',
      REDIS_SENTINEL_NAME: 'bff',
    });
    expect(config.edge.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:8081']);
    expect(config.edge.serverTimingAllow).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(config.edge.adminPort).toBe(9090);
    expect(config.upstream.maxBodyBytes).toBe(4096);
    expect(config.auth).toMatchObject({ jwksRefreshMs: 60_000, maxTokenLifetimeSec: 3600 });
    expect(config.webConcurrency).toBe('auto');
    expect(config.redis.sentinel).toEqual({ nodes: ['s1:26379', 's2:26379'], masterName: 'bff' });
  });

  it('names malformed edge variables and a sentinel list without a master name', () => {
    const problems = problemsOf({
      CORS_ORIGINS: 'app.example.com',
      SERVER_TIMING_ALLOW: 'everyone',
      WEB_CONCURRENCY: 'many',
      REDIS_SENTINELS: 's1:26379',
    });
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      'CORS_ORIGINS',
      'SERVER_TIMING_ALLOW',
      'WEB_CONCURRENCY',
      'REDIS_SENTINEL_NAME',
    ]);
  });
});
