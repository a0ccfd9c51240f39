import { readMobileConfig } from './config';

/** Another config-service's answer: its own flags and fields, in its own order. */
const ANSWER = {
  supportUrl: 'https://support.other.example/app',
  featureFlags: { darkMode: true, checkoutVariant: 'C', maxCartItems: 40 },
  latestVersion: '7.0.0-beta.2',
  minSupportedVersion: '6.9.1',
  maintenance: { message: 'Payments paused', until: '2031-01-01T04:00:00Z', severity: 'high' },
  internal: { killSwitchOwner: 'team-z' },
  rolloutPercent: 12,
};

describe(readMobileConfig.name, () => {
  it('keeps the contract fields only: internal blocks and unknown fields never pass', () => {
    expect(readMobileConfig(ANSWER)).toEqual({
      minSupportedVersion: '6.9.1',
      latestVersion: '7.0.0-beta.2',
      featureFlags: { darkMode: true, checkoutVariant: 'C', maxCartItems: 40 },
      maintenance: { message: 'Payments paused', until: '2031-01-01T04:00:00Z' },
      supportUrl: 'https://support.other.example/app',
    });
  });

  it('reads absent flags as none and a null maintenance as none', () => {
    const { featureFlags: _flags, ...withoutFlags } = ANSWER;
    expect(readMobileConfig({ ...withoutFlags, maintenance: null })).toMatchObject({
      featureFlags: {},
      maintenance: null,
    });
  });

  it.each([
    ['a version that is not semver', { minSupportedVersion: '6.9' }],
    ['a numeric version', { latestVersion: 7 }],
    ['a flag that is an object', { featureFlags: { nested: { on: true } } }],
    ['maintenance without a message', { maintenance: { until: '2031-01-01T04:00:00Z' } }],
    ['a malformed maintenance end', { maintenance: { message: 'x', until: 'tomorrow' } }],
  ])('rejects %s', (_, change) => {
    expect(readMobileConfig({ ...ANSWER, ...change })).toBeUndefined();
  });
});
