import { AppError } from '@app/errors';
import { appVersionOf, mobileConfig } from './mobile-config';

const CONFIG = {
  minSupportedVersion: '6.10.0',
  latestVersion: '7.2.0',
  featureFlags: { walletPass: true, searchModel: 'v3', cartLimit: 40 },
  maintenance: { message: 'Zahlungen pausiert', until: '2031-01-01T04:00:00Z' },
  supportUrl: 'https://hilfe.example/app',
};

const forceUpdate = (header: string | undefined) =>
  mobileConfig(CONFIG, appVersionOf(header)).forceUpdate;

describe(mobileConfig.name, () => {
  it('maps every contract field, and nothing else', () => {
    expect(mobileConfig(CONFIG, undefined)).toEqual({
      minSupportedVersion: '6.10.0',
      latestVersion: '7.2.0',
      forceUpdate: false,
      featureFlags: { walletPass: true, searchModel: 'v3', cartLimit: 40 },
      maintenance: { message: 'Zahlungen pausiert', until: '2031-01-01T04:00:00Z' },
      supportUrl: 'https://hilfe.example/app',
    });
  });

  it('says null for no maintenance, no end to it, and no support URL', () => {
    const bare = { minSupportedVersion: '1.0.0', latestVersion: '1.0.0', featureFlags: {} };
    expect(mobileConfig(bare, undefined)).toMatchObject({ maintenance: null, supportUrl: null });
    const open = mobileConfig({ ...bare, maintenance: { message: 'Later' } }, undefined);
    expect(open.maintenance).toEqual({ message: 'Later', until: null });
  });

  it.each([
    ['6.9.9', true],
    ['6.10.0-rc.1', true],
    ['6.2.0', true],
    ['6.10.0', false],
    ['6.10.1', false],
    ['10.0.0', false],
    [' 7.0.0 ', false],
    [undefined, false],
  ])('forceUpdate for app version %p is %p (semver order, not text order)', (version, expected) => {
    expect(forceUpdate(version)).toBe(expected);
  });
});

describe(appVersionOf.name, () => {
  it.each(['6.10', 'latest', '6.10.0.1', '', '06.1.0'])(
    'refuses %p with a 400 naming the header',
    (value) => {
      let error: unknown;
      try {
        appVersionOf(value);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'X-App-Version', issue: 'must be a semantic version' }],
      });
    },
  );

  it('refuses a header sent twice', () => {
    expect(() => appVersionOf(['6.10.0', '7.0.0'])).toThrow(AppError);
  });
});
