import { BffHarness, startBff } from './support/bff-harness';
import { parsePrometheus, Sample, valueOf } from './support/metrics';
import { ROUTES } from './support/routes';

describe('GET /metrics', () => {
  let bff: BffHarness;
  let token: string;

  beforeAll(async () => {
    bff = await startBff({ RATE_LIMIT_ANON_PER_MIN: '5' });
    token = await bff.token('u-1001');
  });
  afterAll(() => bff.close());
  afterEach(() => bff.backends.clearFaults());

  async function scrape(): Promise<Sample[]> {
    const response = await bff.client.metrics();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(response.text);
  }

  const home = () => bff.client.home('ios', { token });

  it('is Prometheus text with the BFF metrics and the Node defaults', async () => {
    const names = new Set((await scrape()).map((sample) => sample.name));
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'process_cpu_user_seconds_total',
      'cache_requests_total',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('counts a home request and its downstream calls', async () => {
    const before = await scrape();
    expect((await home()).status).toBe(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    const route = { route: ROUTES.home('ios'), method: 'GET', status: '200' };
    expect(delta('http_requests_total', route)).toBe(1);
    expect(delta('http_request_duration_seconds_count', route)).toBe(1);
    expect(delta('downstream_calls_total', { service: 'users', outcome: 'success' })).toBe(1);
    expect(
      delta('downstream_call_duration_seconds_count', { service: 'users', outcome: 'success' }),
    ).toBe(1);
    expect(delta('downstream_calls_total', { service: 'catalog', outcome: 'success' })).toBe(2);
  });

  it('counts a failing dependency and the section it degraded', async () => {
    bff.backends.setFault('notifications', { kind: 'status', status: 500 });
    bff.backends.resetCalls('notifications');
    const before = await scrape();
    const response = await home();
    expect(response.status).toBe(200);
    expect(response.body.meta.degradedSections).toEqual(['unreadNotifications']);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    // One per attempt the service saw (a retry policy may try more than once).
    const attempts = bff.backends.calls('notifications').length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(
      delta('downstream_calls_total', { service: 'notifications', outcome: 'unavailable' }),
    ).toBe(attempts);
    expect(delta('degraded_sections_total', { section: 'unreadNotifications' })).toBe(1);
  });

  it('labels routes with ids by their template, never by the id', async () => {
    const pushToken = 'c0ffee'.repeat(10) + 'beef';
    const answers = await Promise.all([
      bff.client.order('android', 'o-1001-2', { token }),
      bff.client.product('ios', 'p-202'),
      bff.client.putDevice('ios', pushToken, {
        token,
        body: { appVersion: '5.1.3', locale: 'en-GB' },
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 201]);
    const samples = await scrape();
    const labelValues = samples.flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.filter((value) => /o-1001-2|p-202|c0ffee/.test(value))).toEqual([]);
    const routes = samples.flatMap((sample) => sample.labels.route ?? []);
    for (const template of [ROUTES.order('android'), ROUTES.product('ios'), ROUTES.device('ios')]) {
      expect(routes).toContain(template);
    }
  });

  it('labels unmatched paths by a placeholder, never by the raw path', async () => {
    expect((await bff.client.get('/ios/v1/no-such-route/u-1001')).status).toBe(404);
    const samples = await scrape();
    expect(valueOf(samples, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('puts no user id, token, raw path or address in any label', async () => {
    await home();
    await bff.client.get('/ios/v1/products/p-0001', { token });
    const response = await bff.client.metrics();
    const labels = parsePrometheus(response.text).flatMap((s) => Object.values(s.labels));
    for (const forbidden of ['u-1001', token, token.split('.')[0], '127.0.0.1', 'p-0001']) {
      expect(labels.filter((label) => label.includes(forbidden))).toEqual([]);
    }
    expect(response.text).not.toContain('u-1001');
    expect(response.text).not.toContain('127.0.0.1');
  });

  it('is public and never rate limited', async () => {
    for (let i = 0; i < 12; i++) {
      const response = await bff.client.metrics();
      expect(response.status).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('is not in the API documents', async () => {
    const doc = await bff.client.apiDocument('ios');
    expect(Object.keys(doc.body.paths ?? {})).not.toContain(ROUTES.metrics);
  });
});
