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
    expect(config.rateLimit).toEqual({ userPerMinute: 600, anonymousPerMinute: 60 });
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

  it('splits Redis cluster seeds', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r1:7000,r2:7001' }).redis.clusterNodes).toEqual([
      'r1:7000',
      'r2:7001',
    ]);
  });
});
