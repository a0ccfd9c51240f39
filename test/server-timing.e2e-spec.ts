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
