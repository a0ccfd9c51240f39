import { INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../apps/demo-backends/src';
import { useBff } from './support/bff-harness';
import { PLATFORMS } from './support/routes';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('what crosses the BFF', () => {
  const suite = useBff();
  beforeEach(() => suite.bff.backends.resetCalls());

  it('downstream calls carry the service token, the request id and the trace, never the user JWT', async () => {
    const response = await suite.bff.client
      .home('ios', { token: suite.token })
      .set('X-Request-Id', 'req-propagation-0001')
      .set('traceparent', TRACEPARENT)
      .set('X-User-Id', 'u-6666')
      .set('Cookie', 'session=abc');
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('req-propagation-0001');
    expect(response.body.meta.traceId).toBe(TRACE_ID);

    const calls = suite.bff.backends.calls();
    expect(calls.map((call) => call.service).sort()).toEqual([
      'catalog',
      'catalog',
      'notifications',
      'orders',
      'users',
    ]);
    for (const call of calls) {
      expect(call.headers.authorization).toBe(`Bearer ${suite.bff.backends.serviceToken}`);
      expect(call.headers['x-request-id']).toBe('req-propagation-0001');
      expect(call.headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      expect(call.headers.traceparent).not.toBe(TRACEPARENT);
      expect(call.headers.cookie).toBeUndefined();
      expect(JSON.stringify(call)).not.toContain(suite.token);
      // The user id comes from the verified token, never from a client header.
      if (call.headers['x-user-id'] !== undefined) expect(call.headers['x-user-id']).toBe('u-1001');
      expect(JSON.stringify(call)).not.toContain('u-6666');
    }
  });

  it('generates a request id and a trace when the client sends none (or garbage)', async () => {
    const response = await suite.bff.client
      .home('android', { token: suite.token })
      .set('X-Request-Id', 'bad id\twith spaces')
      .set('traceparent', '00-00000000000000000000000000000000-00f067aa0ba902b7-01');
    expect(response.status).toBe(200);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const traceId = response.body.meta.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    for (const call of suite.bff.backends.calls()) {
      expect(call.headers['x-request-id']).toBe(requestId);
      expect(call.headers.traceparent).toContain(`-${traceId}-`);
    }
  });

  it.each(PLATFORMS)('no %s response carries an internal field value', async (platform) => {
    for (const user of ['u-1001', 'u-1002', 'u-1003', 'u-1004', 'u-1017']) {
      const response = await suite.bff.client.home(platform, {
        token: await suite.bff.token(user),
      });
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(INTERNAL_SENTINEL);
      expect(response.text).not.toContain(String(INTERNAL_NUMERIC_SENTINEL));
      expect(response.text).not.toContain('x_future_internal');
    }
  });

  it('downstream failures leak neither their body, URL nor host to the client', async () => {
    suite.bff.backends.setFault('users', { kind: 'status', status: 500 });
    const response = await suite.bff.client.home('ios', { token: suite.token });
    suite.bff.backends.clearFaults();
    expect(response.status).toBe(503);
    expect(response.text).not.toMatch(/127\.0\.0\.1|localhost|https?:|\/users\/|stack|Error:/);
  });
});
