import { isUser } from './users';

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

describe('isUser', () => {
  it('accepts a valid profile and keeps only the fields the contract lists', () => {
    const payload = profile();
    expect(isUser(payload)).toBe(true);
    const { currency: _currency, ...kept } = payload;
    expect(kept).toEqual({
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
    });
  });

  it('deletes every internal field on arrival, nested ones included', () => {
    const payload = profile();
    expect(isUser(payload)).toBe(true);
    const text = JSON.stringify(payload);
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
    const payload = profile();
    expect(isUser(payload)).toBe(true);
    expect(payload).not.toHaveProperty('currency');
  });

  it('accepts a minimal profile: avatar, loyalty and locale are tolerated absent or null', () => {
    expect(isUser({ displayName: 'A', id: 'u-1' })).toBe(true);
    const nulls = { id: 'u-2', displayName: 'B', avatar: null, loyalty: null, locale: null };
    expect(isUser(nulls)).toBe(true);
    expect(nulls).toEqual({
      id: 'u-2',
      displayName: 'B',
      avatar: null,
      loyalty: null,
      locale: null,
    });
  });

  it('accepts an avatar without variants', () => {
    expect(isUser({ id: 'u-3', displayName: 'C', avatar: { url: `${CDN}/o.jpg` } })).toBe(true);
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
    expect(isUser(payload)).toBe(false);
  });

  it.each([null, 'de-4410', 42, [], true])('refuses a body that is not an object: %p', (body) => {
    expect(isUser(body)).toBe(false);
  });
});
