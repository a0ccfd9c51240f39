import { serverTimingAudience } from './server-timing-audience';

describe(serverTimingAudience.name, () => {
  it('lets everyone see Server-Timing with *', () => {
    const audience = serverTimingAudience('*');
    expect(audience('203.0.113.7')).toBe(true);
    expect(audience('2001:db8::1')).toBe(true);
  });

  it('lets nobody see it with an empty list (the production default)', () => {
    const audience = serverTimingAudience([]);
    expect(audience('127.0.0.1')).toBe(false);
    expect(audience('10.1.2.3')).toBe(false);
  });

  it('lets callers in the listed CIDRs and addresses see it, and no one else', () => {
    const audience = serverTimingAudience(['10.0.0.0/8', '192.0.2.10', 'fd00::/8']);
    expect(audience('10.200.3.4')).toBe(true);
    expect(audience('192.0.2.10')).toBe(true);
    expect(audience('fd12:3456::1')).toBe(true);
    expect(audience('11.0.0.1')).toBe(false);
    expect(audience('192.0.2.11')).toBe(false);
    expect(audience('2001:db8::1')).toBe(false);
  });

  it('matches an IPv4 client seen by a dual-stack listener (::ffff:a.b.c.d) as its IPv4 address', () => {
    expect(serverTimingAudience(['127.0.0.0/8'])('::ffff:127.0.0.1')).toBe(true);
  });

  it('never lets an unknown or unparsable address through', () => {
    const audience = serverTimingAudience(['0.0.0.0/0']);
    expect(audience(undefined)).toBe(false);
    expect(audience('')).toBe(false);
    expect(audience('not-an-address')).toBe(false);
  });

  it('refuses a malformed entry at boot, naming it', () => {
    expect(() => serverTimingAudience(['1.2.3'])).toThrow(/SERVER_TIMING_ALLOW.*1\.2\.3/);
    expect(() => serverTimingAudience(['10.0.0.0/33'])).toThrow(
      /SERVER_TIMING_ALLOW.*10\.0\.0\.0\/33/,
    );
    expect(() => serverTimingAudience(['::1/129'])).toThrow(/SERVER_TIMING_ALLOW/);
    expect(() => serverTimingAudience(['10.0.0.0/'])).toThrow(/SERVER_TIMING_ALLOW/);
  });
});
