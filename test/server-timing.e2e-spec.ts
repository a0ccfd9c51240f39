import { useBff } from './support/bff-harness';

/** `service;dur=12.3;desc="success"` */
const ENTRY = /^([a-z]+);dur=(\d+\.\d);desc="([a-z_]+)"$/;

function entriesOf(header: string | undefined): Array<{ name: string; dur: number; desc: string }> {
  return (header ?? '').split(', ').map((entry) => {
    const match = ENTRY.exec(entry);
    if (!match) throw new Error(`Not a Server-Timing entry: ${entry}`);
    return { name: match[1], dur: Number(match[2]), desc: match[3] };
  });
}

describe('Server-Timing', () => {
  const suite = useBff();

  const home = () => suite.bff.client.home('ios', { token: suite.token });

  it('lists one entry per dependency call of a home response', async () => {
    suite.bff.backends.resetCalls();
    const response = await home();
    expect(response.status).toBe(200);
    const entries = entriesOf(response.headers['server-timing']);
    const called = suite.bff.backends.calls().map((call) => call.service);
    expect(entries.map((entry) => entry.name).sort()).toEqual([...called].sort());
    expect(called).toEqual(expect.arrayContaining(['users', 'orders', 'catalog', 'notifications']));
    for (const entry of entries) {
      expect(entry.desc).toBe('success');
      expect(entry.dur).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports how a failed dependency ended', async () => {
    suite.bff.backends.setFault('notifications', { kind: 'status', status: 500 });
    const entries = entriesOf((await home()).headers['server-timing']);
    const notifications = entries.filter((entry) => entry.name === 'notifications');
    expect(notifications.length).toBeGreaterThanOrEqual(1);
    expect(notifications.every((entry) => entry.desc === 'unavailable')).toBe(true);
    expect(entries.find((entry) => entry.name === 'users')?.desc).toBe('success');
  });

  it('is absent from answers that called no dependency', async () => {
    const response = await suite.bff.client.live();
    expect(response.status).toBe(200);
    expect(response.headers['server-timing']).toBeUndefined();
  });
});

/** Server-Timing names the services and how each call ended: only for SERVER_TIMING_ALLOW. */
describe('Server-Timing audience', () => {
  describe('a caller outside SERVER_TIMING_ALLOW', () => {
    const suite = useBff({ SERVER_TIMING_ALLOW: '10.0.0.0/8' });

    it('gets no Server-Timing, though the answer called every service', async () => {
      suite.bff.backends.resetCalls();
      const response = await suite.bff.client.home('ios', { token: suite.token });
      expect(response.status).toBe(200);
      expect(suite.bff.backends.calls().length).toBeGreaterThan(0);
      expect(response.headers['server-timing']).toBeUndefined();
    });
  });

  describe('a caller inside SERVER_TIMING_ALLOW', () => {
    const suite = useBff({ SERVER_TIMING_ALLOW: '10.0.0.0/8,127.0.0.1/32' });

    it('gets Server-Timing', async () => {
      const response = await suite.bff.client.home('ios', { token: suite.token });
      expect(response.status).toBe(200);
      expect(entriesOf(response.headers['server-timing']).map((entry) => entry.name)).toContain(
        'users',
      );
    });
  });

  describe('behind a trusted proxy', () => {
    const suite = useBff({ TRUSTED_PROXIES: '127.0.0.1', SERVER_TIMING_ALLOW: '10.0.0.0/8' });
    const homeFrom = (client: string) =>
      suite.bff.client.home('ios', { token: suite.token, headers: { 'x-forwarded-for': client } });

    it('decides by the client address the proxy forwarded, not by the proxy', async () => {
      const inside = await homeFrom('10.20.30.40');
      expect(inside.status).toBe(200);
      expect(inside.headers['server-timing']).toMatch(/users;dur=/);
      const outside = await homeFrom('203.0.113.9');
      expect(outside.status).toBe(200);
      expect(outside.headers['server-timing']).toBeUndefined();
    });
  });
});
