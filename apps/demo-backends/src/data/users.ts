import { FUTURE_FIELD, INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../sentinels';
import { userDigits, userNumberMod } from './ids';
import { Image, image } from './images';
import { Currency } from './money';
import { intBetween, memoize, pick, seededRandom } from './random';
import { isoAt } from './time';

export interface Address {
  id: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
  default: boolean;
}

/** users-service `GET /users/{userId}` as downstream.md documents it (plus a future field). */
export interface DownstreamUser {
  id: string;
  displayName: string;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified: boolean;
  phone: string;
  avatar: Image;
  loyalty: { tier: string; points: number; memberSince: string; tierExpiresAt: string };
  locale: string;
  currency: Currency;
  timezone: string;
  addresses: Address[];
  marketingConsents: { email: boolean; sms: boolean; push: boolean };
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string;
  lastLoginIp: string;
  fraudScore: number;
  internalSegmentTag: string;
  riskFlags: string[];
  kycStatus: string;
  passwordHashVersion: number;
  accountManager: string;
  experiments: Record<string, string>;
  deletedAt: null;
  x_future_internal: string;
}

interface Region {
  locale: string;
  currency: Currency;
  timezone: string;
  country: string;
  phonePrefix: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  cities: readonly { city: string; postcode: string; street: string }[];
}

/** u-1001 is en-GB, u-1002 de-DE, u-1003 ja-JP, u-1004 en-US, then the cycle repeats. */
export const REGIONS: readonly Region[] = [
  {
    locale: 'en-GB',
    currency: 'GBP',
    timezone: 'Europe/London',
    country: 'GB',
    phonePrefix: '+44',
    firstNames: ['Alan', 'Rosalind', 'Tim', 'Karen', 'Charles'],
    lastNames: ['Turing', 'Franklin', 'Berners-Lee', 'Jones', 'Babbage'],
    cities: [
      { city: 'London', postcode: 'EC1A 1BB', street: 'Old Street' },
      { city: 'Manchester', postcode: 'M1 1AE', street: 'Deansgate' },
    ],
  },
  {
    locale: 'de-DE',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    country: 'DE',
    phonePrefix: '+49',
    firstNames: ['Emmy', 'Konrad', 'Lise', 'Carl', 'Hedy'],
    lastNames: ['Noether', 'Zuse', 'Meitner', 'Gauss', 'Lamarr'],
    cities: [
      { city: 'Berlin', postcode: '10115', street: 'Invalidenstraße' },
      { city: 'München', postcode: '80331', street: 'Marienplatz' },
    ],
  },
  {
    locale: 'ja-JP',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
    country: 'JP',
    phonePrefix: '+81',
    firstNames: ['Hideki', 'Sachiko', 'Kiyoshi', 'Yoko', 'Shuji'],
    lastNames: ['Yukawa', 'Tanaka', 'Ito', 'Suzuki', 'Nakamura'],
    cities: [
      { city: 'Tokyo', postcode: '100-0005', street: 'Marunouchi 1-1' },
      { city: 'Osaka', postcode: '530-0001', street: 'Umeda 3-1' },
    ],
  },
  {
    locale: 'en-US',
    currency: 'USD',
    timezone: 'America/New_York',
    country: 'US',
    phonePrefix: '+1',
    firstNames: ['Grace', 'Katherine', 'John', 'Margaret', 'Claude'],
    lastNames: ['Hopper', 'Johnson', 'Backus', 'Hamilton', 'Shannon'],
    cities: [
      { city: 'New York', postcode: '10001', street: 'Broadway' },
      { city: 'Boston', postcode: '02108', street: 'Beacon Street' },
    ],
  },
];

const TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;

export function regionOf(digits: string): Region {
  // 1001 ≡ 1 (mod 4), so u-1001 lands on the first region.
  return REGIONS[(userNumberMod(digits, 4) + 3) % 4];
}

function buildUser(userId: string): DownstreamUser | undefined {
  const digits = userDigits(userId);
  if (digits === undefined) return undefined;
  const region = regionOf(digits);
  const random = seededRandom(userId);
  const isAda = userId === 'u-1001';
  const firstName = isAda ? 'Ada' : pick(region.firstNames, random);
  const lastName = isAda ? 'Lovelace' : pick(region.lastNames, random);
  const place = pick(region.cities, random);
  const memberSince = isAda ? '2019-03-02T10:00:00Z' : isoAt(-24 * intBetween(random, 400, 3000));
  const email = `${firstName}.${lastName}.${digits}@example.com`.toLowerCase();
  return {
    id: userId,
    displayName: `${firstName} ${lastName.charAt(0)}.`,
    firstName,
    lastName,
    email: isAda ? 'ada@example.com' : email,
    emailVerified: random() > 0.2,
    phone: `${region.phonePrefix}${String(intBetween(random, 1e9, 9e9))}`,
    avatar: image(`https://img.example/a/${userId}`, 'png'),
    loyalty: {
      tier: isAda ? 'GOLD' : pick(TIERS, random),
      points: isAda ? 12840 : intBetween(random, 0, 50_000),
      memberSince,
      tierExpiresAt: '2027-01-01T00:00:00Z',
    },
    locale: region.locale,
    currency: region.currency,
    timezone: region.timezone,
    addresses: [
      {
        id: 'a1',
        line1: `${intBetween(random, 1, 200)} ${place.street}`,
        city: place.city,
        postcode: place.postcode,
        country: region.country,
        default: true,
      },
    ],
    marketingConsents: { email: random() > 0.5, sms: false, push: true },
    createdAt: memberSince,
    updatedAt: '2026-10-01T09:00:00Z',
    lastLoginAt: '2026-11-20T08:00:00Z',
    lastLoginIp: INTERNAL_SENTINEL,
    fraudScore: INTERNAL_NUMERIC_SENTINEL,
    internalSegmentTag: INTERNAL_SENTINEL,
    riskFlags: [INTERNAL_SENTINEL],
    kycStatus: INTERNAL_SENTINEL,
    passwordHashVersion: INTERNAL_NUMERIC_SENTINEL,
    accountManager: INTERNAL_SENTINEL,
    experiments: { homeLayout: 'B', cohort: INTERNAL_SENTINEL },
    deletedAt: null,
    ...FUTURE_FIELD,
  };
}

/** The user with that id, or undefined when the id is not of the form `u-<digits>`. */
export const findUser = memoize(10_000, buildUser);
