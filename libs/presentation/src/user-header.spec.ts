import type { DownstreamUser, Image } from '@app/downstream';
import { userHeader } from './user-header';

const CDN = 'https://media.shop-ch.example/avatars/7f3a';

const avatar: Image = {
  url: `${CDN}/original.png`,
  // Another implementation: its own order of variants.
  variants: {
    w640: `${CDN}/w640.png`,
    w320: `${CDN}/w320.png`,
    w160: `${CDN}/w160.png`,
    w480: `${CDN}/w480.png`,
    w240: `${CDN}/w240.png`,
  },
};

const user: DownstreamUser = {
  id: 'usr_01HZX3K9QF',
  displayName: 'Zoë Müller-Lüdenscheidt',
  avatar,
  loyalty: { tier: 'PLATINUM' },
  locale: 'fr-CH',
};

const CONTRACT_FIELDS = ['avatarUrl', 'displayName', 'loyaltyTier', 'userId'];

describe(userHeader.name, () => {
  it('outputs exactly the contract fields', () => {
    const header = userHeader(user, 2);
    expect(Object.keys(header).sort()).toEqual(CONTRACT_FIELDS);
    expect(header).toEqual({
      userId: 'usr_01HZX3K9QF',
      displayName: 'Zoë Müller-Lüdenscheidt',
      avatarUrl: `${CDN}/w320.png`,
      loyaltyTier: 'PLATINUM',
    });
  });

  it('never passes on what is not in the contract (locale, currency, unexpected extras)', () => {
    const withExtras = { ...user, email: 'zoe@example.ch', fraudScore: 0.93 } as DownstreamUser;
    const header = userHeader(withExtras, 3);
    expect(Object.keys(header).sort()).toEqual(CONTRACT_FIELDS);
    expect(JSON.stringify(header)).not.toMatch(/fr-CH|CHF|zoe@|0\.93/);
  });

  it.each([
    [1, 'w160'],
    [1.5, 'w240'],
    [2, 'w320'],
    [3, 'w480'],
    [4, 'w640'],
  ])('picks the avatar variant for display factor %s: %s', (factor, variant) => {
    expect(userHeader(user, factor).avatarUrl).toBe(`${CDN}/${variant}.png`);
  });

  it('gives a null avatar when the user has none (absent or null)', () => {
    const { avatar: _avatar, ...withoutAvatar } = user;
    expect(userHeader(withoutAvatar, 3).avatarUrl).toBeNull();
    expect(userHeader({ ...user, avatar: null }, 3).avatarUrl).toBeNull();
  });

  it('uses the original avatar only when it has no variants', () => {
    expect(userHeader({ ...user, avatar: { url: `${CDN}/only.png` } }, 2).avatarUrl).toBe(
      `${CDN}/only.png`,
    );
  });

  it('gives a null loyalty tier when the user has no loyalty (absent or null)', () => {
    const { loyalty: _loyalty, ...withoutLoyalty } = user;
    const header = userHeader(withoutLoyalty, 3);
    expect(header.loyaltyTier).toBeNull();
    expect(Object.keys(header).sort()).toEqual(CONTRACT_FIELDS);
    expect(userHeader({ ...user, loyalty: null }, 3).loyaltyTier).toBeNull();
  });

  it('passes an unfamiliar tier on unchanged', () => {
    expect(userHeader({ ...user, loyalty: { tier: 'DIAMOND_PLUS' } }, 3).loyaltyTier).toBe(
      'DIAMOND_PLUS',
    );
  });

  it('keeps a minimal profile (id and name only) renderable', () => {
    expect(userHeader({ id: 'u-9', displayName: '山田 太郎' }, 3)).toEqual({
      userId: 'u-9',
      displayName: '山田 太郎',
      avatarUrl: null,
      loyaltyTier: null,
    });
  });
});
