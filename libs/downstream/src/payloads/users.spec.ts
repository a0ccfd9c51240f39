import { readUser } from './users';

const CDN = 'https://static.kundenkonto.example/a/4410';

/** A users-service answer from another implementation: its own field order, much more than the BFF keeps. */
function profile(): Record<string, unknown> {
  return {
    lastLoginIp: '10.12.4.77',
    experiments: { checkoutV3: 'treatment' },
    locale: 'de-DE',
    currency: 'EUR',
    fraudScore: 0.82,
    riskFlags: ['chargeback_2030'],
    loyalty: { points: 12850, tier: 'GOLD', internalSegment: 'whale', since: '2021-04-01' },
    kycStatus: 'VERIFIED',
    email: 'j.becker@example.de',
    phone: '+49 30 1234567',
    avatar: {
      variants: {
        w160: `${CDN}/160.jpg`,
        w240: `${CDN}/240.jpg`,
        w320: `${CDN}/320.jpg`,
        w480: `${CDN}/480.jpg`,
        w640: `${CDN}/640.jpg`,
      },
      storageKey: 's3://users-private/avatars/4410.raw',
      url: `${CDN}/original.jpg`,
    },
    passwordHashVersion: 3,
    displayName: 'Jürgen Becker',
    addresses: [{ line1: 'Unter den Linden 1', city: 'Berlin' }],
    accountManager: 'am-17',
    internalSegmentTag: 'B2C-high-value',
    deletedAt: null,
    createdAt: '2019-11-02T08:00:00Z',
    id: 'de-4410',
  };
}

const KEPT_USER = {
  id: 'de-4410',
  displayName: 'Jürgen Becker',
  avatar: {
    url: `${CDN}/original.jpg`,
    variants: {
      w160: `${CDN}/160.jpg`,
      w240: `${CDN}/240.jpg`,
      w320: `${CDN}/320.jpg`,
      w480: `${CDN}/480.jpg`,
      w640: `${CDN}/640.jpg`,
    },
  },
  loyalty: { tier: 'GOLD' },
  locale: 'de-DE',
};

describe('readUser', () => {
  it('accepts a valid profile and keeps only the fields the contract lists', () => {
    const payload = profile();
    expect(readUser(payload)).toEqual(KEPT_USER);
  });

  it('returns a new object and leaves the parsed answer untouched', () => {
    const payload = profile();
    const user = readUser(payload);
    expect(user).toEqual(KEPT_USER);
    expect(user).not.toBe(payload);
    expect(user?.avatar).not.toBe(payload.avatar);
    expect(user?.loyalty).not.toBe(payload.loyalty);
    expect(payload).toEqual(profile());
    expect(payload).toHaveProperty('fraudScore', 0.82);
    expect(payload).toHaveProperty('avatar.storageKey', 's3://users-private/avatars/4410.raw');
    expect(payload).toHaveProperty('loyalty.internalSegment', 'whale');
    expect(user).not.toHaveProperty('fraudScore');
    expect(user).not.toHaveProperty('avatar.storageKey');
    expect(user).not.toHaveProperty('loyalty.internalSegment');
  });

  it('leaves every internal field out of the copy, nested ones included', () => {
    const user = readUser(profile());
    expect(user).toBeDefined();
    const text = JSON.stringify(user);
    for (const internal of [
      'fraudScore',
      'internalSegmentTag',
      'riskFlags',
      'kycStatus',
      'passwordHashVersion',
      'accountManager',
      'lastLoginIp',
      'experiments',
      'internalSegment',
      'storageKey',
      'points',
      'email',
      'phone',
      'addresses',
      'deletedAt',
      'createdAt',
    ]) {
      expect(text).not.toContain(internal);
    }
    expect(text).not.toContain('10.12.4.77');
  });

  it('drops the home currency, which the contract does not keep', () => {
    const user = readUser(profile());
    expect(user).toBeDefined();
    expect(user).not.toHaveProperty('currency');
  });

  it('accepts a minimal profile: avatar, loyalty and locale are tolerated absent or null', () => {
    expect(readUser({ displayName: 'A', id: 'u-1' })).toEqual({ id: 'u-1', displayName: 'A' });
    const nulls = { id: 'u-2', displayName: 'B', avatar: null, loyalty: null, locale: null };
    expect(readUser(nulls)).toEqual({
      id: 'u-2',
      displayName: 'B',
      avatar: null,
      loyalty: null,
      locale: null,
    });
  });

  it('accepts an avatar without variants', () => {
    expect(readUser({ id: 'u-3', displayName: 'C', avatar: { url: `${CDN}/o.jpg` } })).toEqual({
      id: 'u-3',
      displayName: 'C',
      avatar: { url: `${CDN}/o.jpg` },
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a missing id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 4410 }],
    ['a missing display name', { displayName: undefined }],
    ['a null display name', { displayName: null }],
    ['a display name that is not a string', { displayName: ['Jürgen'] }],
    ['an avatar given as a bare URL', { avatar: `${CDN}/original.jpg` }],
    ['an avatar without url', { avatar: { variants: { w160: `${CDN}/160.jpg` } } }],
    ['an avatar variant that is not a URL string', { avatar: { url: 'x', variants: { w160: 1 } } }],
    ['a loyalty without tier', { loyalty: { points: 5 } }],
    ['a numeric loyalty tier', { loyalty: { tier: 3 } }],
    ['a loyalty tier given as a bare string', { loyalty: 'GOLD' }],
    ['a locale that is not a string', { locale: { language: 'de' } }],
  ])('refuses %s', (_case, change) => {
    const payload = { ...profile(), ...change };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete payload[key];
    expect(readUser(payload)).toBeUndefined();
  });

  it.each([null, 'de-4410', 42, [], true])('refuses a body that is not an object: %p', (body) => {
    expect(readUser(body)).toBeUndefined();
  });
});
