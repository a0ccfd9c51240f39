import { SeededRandom, seededRandom } from './seeded-random';

/**
 * The payloads of the downstream double, derived from ids alone (no stored state): any `u-<digits>`
 * user exists, any `p-<digits>` product exists, an order id names its owner. Deliberately verbose,
 * internal fields included, with extra fields the contract does not name, because the BFF must
 * drop all of that and the benchmark should pay for parsing it the way production would.
 */

type Json = Record<string, unknown>;

/** Every timestamp counts back from here, never from the clock: a payload never changes. */
const REFERENCE_MS = Date.UTC(2026, 10, 20, 8, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;
const CDN = 'https://media.double.example';
const VARIANT_WIDTHS = [640, 480, 320, 240, 160] as const;

const REGIONS = [
  { locale: 'en-GB', currency: 'GBP', timezone: 'Europe/London', country: 'GB', city: 'Leeds' },
  { locale: 'de-DE', currency: 'EUR', timezone: 'Europe/Berlin', country: 'DE', city: 'Köln' },
  { locale: 'ja-JP', currency: 'JPY', timezone: 'Asia/Tokyo', country: 'JP', city: '大阪市' },
  { locale: 'fr-CH', currency: 'CHF', timezone: 'Europe/Zurich', country: 'CH', city: 'Lausanne' },
  { locale: 'en-US', currency: 'USD', timezone: 'America/Chicago', country: 'US', city: 'Chicago' },
] as const;
const FIRST_NAMES = ['Grace', 'Jürgen', 'さくら', 'Léa', 'Marcus', 'Amélie', 'Kenji', 'Priya'];
const LAST_NAMES = ['Hopper', 'Müller', 'Tanaka', 'Favre', 'Okafor', 'Lindqvist', 'Nakamura'];
const TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
/** Product prices deliberately avoid USD: formatting must never assume the user's currency. */
const PRODUCT_CURRENCIES = ['GBP', 'EUR', 'JPY', 'CHF'] as const;
const ZERO_DECIMAL = new Set(['JPY']);
const ADJECTIVES = ['Alpine', 'Featherlight', 'Storm-proof', 'Merino', 'Carbon', 'Heritage'];
const NOUNS = ['trail shoe', 'rain shell', 'daypack', 'thermos', 'headlamp', 'fleece', 'tent'];
const BRANDS = ['Nordkap', 'Fujiyama Works', 'Helvetic Gear', 'Thames & Co', 'Rheinwald'];
const SENTENCES = [
  'Built for long days on rough ground, it keeps its shape after hundreds of kilometres.',
  'Every seam is taped and every zip is backed by a storm flap, so the weather stays outside.',
  'The recycled face fabric is bluesign® approved and treated without PFCs.',
  'A reinforced base and a replaceable hip belt mean it will outlive most of your other kit.',
  'Tested by our field team from the Cairngorms to the Japanese Alps in every season.',
  'Packs down into its own pocket and clips to a harness loop when you need both hands.',
  'Care: wash cold, line dry, re-proof once a season with a wash-in treatment.',
  'Covered by our lifetime repair promise: send it back and we will fix it, free of charge.',
];
const ORDER_STATUSES = ['PROCESSING', 'SHIPPED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'];
const CARRIERS = ['DPD', 'Royal Mail', 'DHL', 'Yamato', 'La Poste Suisse', 'UPS'];
/** The recommender only suggests from this range, so product caches warm up as in production. */
const RECOMMENDABLE = { first: 1_000, count: 2_000 } as const;
/** Where in the list the recommender suggests a product the catalog has retired. */
const RETIRED_POSITION = 2;

export function userNumber(userId: string): number | undefined {
  return numberAfter('u-', userId);
}

export function productNumber(productId: string): number | undefined {
  return numberAfter('p-', productId);
}

function numberAfter(prefix: string, id: string): number | undefined {
  if (!id.startsWith(prefix) || !/^\d{1,15}$/.test(id.slice(prefix.length))) return undefined;
  return Number(id.slice(prefix.length));
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `units` are the currency's minor units: pence, cents, rappen, or whole yen. */
function money(units: number, currency: string): Json {
  const amount = ZERO_DECIMAL.has(currency) ? String(units) : (units / 100).toFixed(2);
  return { currency, amount };
}

/** A plausible shelf price in minor units: 14.99 … 449.99, or ¥2,000 … ¥60,000. */
function shelfPrice(random: SeededRandom, currency: string): number {
  return ZERO_DECIMAL.has(currency) ? random.int(20, 600) * 100 : random.int(15, 450) * 100 - 1;
}

/** The contract's image shape; variants listed largest first, with a few fields nobody asked for. */
function image(path: string, random: SeededRandom): Json {
  const variants: Record<string, string> = {};
  for (const width of VARIANT_WIDTHS) variants[`w${width}`] = `${CDN}/${path}/w${width}.webp`;
  return {
    variants,
    url: `${CDN}/${path}/original.jpg`,
    dominantColor: `#${random.int(0, 0xffffff).toString(16).padStart(6, '0')}`,
    focalPoint: { x: random.next().toFixed(2), y: random.next().toFixed(2) },
  };
}

export function buildUser(n: number): Json {
  const random = seededRandom(`user:${n}`);
  const region = REGIONS[n % REGIONS.length];
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const createdMs = REFERENCE_MS - random.int(30, 3_000) * DAY_MS;
  return {
    fraudScore: Number(random.next().toFixed(3)),
    id: `u-${n}`,
    riskFlags: random.chance(0.1) ? ['velocity-check'] : [],
    displayName: `${firstName} ${lastName.charAt(0)}.`,
    lastName,
    firstName,
    email: `user${n}@mail.double.example`,
    emailVerified: random.chance(0.9),
    phone: `+${random.int(10, 99)}${String(random.int(100_000_000, 999_999_999))}`,
    // Some users never uploaded a picture or joined the programme: the screen shows nulls.
    avatar: n % 11 === 0 ? null : image(`avatars/u-${n}/r${random.int(1, 9)}`, random),
    loyalty:
      n % 7 === 0
        ? null
        : {
            points: random.int(0, 80_000),
            tier: random.pick(TIERS),
            tierExpiresAt: iso(REFERENCE_MS + random.int(30, 400) * DAY_MS),
            memberSince: iso(createdMs),
          },
    timezone: region.timezone,
    locale: region.locale,
    currency: region.currency,
    addresses: [0, 1].map((index) => ({
      id: `addr-${n}-${index}`,
      label: index === 0 ? 'Home' : 'Work',
      line1: `${random.int(1, 240)} ${random.pick(LAST_NAMES)} Street`,
      city: region.city,
      postcode: String(random.int(10_000, 99_999)),
      country: region.country,
      default: index === 0,
    })),
    marketingConsents: { push: random.chance(0.7), email: random.chance(0.5), sms: false },
    preferences: { theme: random.pick(['system', 'dark', 'light']), units: 'metric' },
    createdAt: iso(createdMs),
    updatedAt: iso(REFERENCE_MS - random.int(1, 30) * DAY_MS),
    lastLoginAt: iso(REFERENCE_MS - random.int(1, 72) * 3_600_000),
    lastLoginIp: `198.51.100.${random.int(1, 254)}`,
    internalSegmentTag: random.pick(['seg-new', 'seg-loyal', 'seg-hv-churn-risk']),
    kycStatus: random.pick(['VERIFIED', 'PENDING', 'NOT_REQUIRED']),
    passwordHashVersion: random.int(2, 4),
    accountManager: `ops-team-${random.int(1, 9)}`,
    experiments: { homeLayout: random.pick(['A', 'B', 'C']), checkoutV3: random.chance(0.5) },
    deletedAt: null,
    _links: { self: { href: `/users/u-${n}` }, orders: { href: `/orders?userId=u-${n}` } },
  };
}

/** A user's orders, newest `placedAt` first; some users have none. Ids are `o-<user>-<seq>`. */
export function buildOrders(n: number): Json[] {
  const count = n % 13 === 0 ? 0 : 3 + (n % 9);
  return Array.from({ length: count }, (_, seq) => buildOrder(n, seq));
}

export function findOrder(orderId: string): Json | undefined {
  const match = /^o-(\d{1,15})-(\d{1,3})$/.exec(orderId);
  if (!match) return undefined;
  return buildOrders(Number(match[1]))[Number(match[2])];
}

function buildOrder(n: number, seq: number): Json {
  const random = seededRandom(`order:${n}:${seq}`);
  const region = REGIONS[n % REGIONS.length];
  const placedMs =
    REFERENCE_MS - (seq * 9 + random.int(0, 8)) * DAY_MS - random.int(0, 86_399) * 1000;
  const status = seq === 0 ? random.pick(ORDER_STATUSES.slice(0, 3)) : random.pick(ORDER_STATUSES);
  const open = status !== 'DELIVERED' && status !== 'CANCELLED';
  const items = Array.from({ length: random.int(1, 4) }, (_, index) => {
    const product = RECOMMENDABLE.first + random.int(0, RECOMMENDABLE.count - 1);
    const unitMinor = shelfPrice(random, region.currency);
    return {
      lineId: `${seq}-${index}`,
      productId: `p-${product}`,
      sku: `SKU-${product}-${random.pick(['S', 'M', 'L', '42', '44'])}`,
      name: `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`,
      quantity: random.int(1, 3),
      unitMinor,
      warehouseBin: `${String.fromCharCode(65 + random.int(0, 7))}-${random.int(1, 40)}-${random.int(1, 6)}`,
    };
  });
  const subtotal = items.reduce((sum, item) => sum + item.unitMinor * item.quantity, 0);
  const shipping = subtotal > 10_000 ? 0 : 495;
  const tax = Math.round(subtotal * 0.2);
  const tracking = String(random.int(10_000_000, 99_999_999));
  return {
    fraudCheck: { decision: 'PASS', score: random.int(0, 40), engine: 'fc-7' },
    orderId: `o-${n}-${seq}`,
    status,
    userId: `u-${n}`,
    placedAt: iso(placedMs),
    updatedAt: iso(placedMs + random.int(1, 48) * 3_600_000),
    estimatedDelivery: open ? iso(REFERENCE_MS + random.int(1, 6) * DAY_MS) : null,
    items: items.map(({ unitMinor, ...item }) => ({
      ...item,
      unitPrice: money(unitMinor, region.currency),
    })),
    totals: {
      grandTotal: money(subtotal + shipping + tax, region.currency),
      subtotal: money(subtotal, region.currency),
      shipping: money(shipping, region.currency),
      tax: money(tax, region.currency),
    },
    shippingAddress: {
      line1: `${random.int(1, 240)} Station Road`,
      city: region.city,
      postcode: String(random.int(10_000, 99_999)),
      country: region.country,
    },
    paymentMethod: {
      brand: random.pick(['VISA', 'MASTERCARD', 'AMEX', 'JCB']),
      last4: String(random.int(1_000, 9_999)),
      fingerprint: `fp_${random.int(0, 0xffffff).toString(16)}`,
      processorRef: `ch_${random.int(0, 0xffffffff).toString(36)}`,
    },
    carrier: open
      ? {
          name: random.pick(CARRIERS),
          trackingNumber: tracking,
          trackingUrl: `https://track.double.example/${tracking}`,
        }
      : null,
    warehouseId: `wh-${random.int(1, 9)}`,
    internalNotes: random.pick(['', 'gift wrap requested', 'address verified by phone']),
    channel: random.pick(['ios', 'android', 'web']),
  };
}

export function buildProduct(n: number): Json {
  const random = seededRandom(`product:${n}`);
  const currency = PRODUCT_CURRENCIES[n % PRODUCT_CURRENCIES.length];
  const priceMinor = shelfPrice(random, currency);
  const sentences = Array.from({ length: 14 }, () => random.pick(SENTENCES));
  const brand = random.pick(BRANDS);
  const title = `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)}`;
  const warehouses = [1, 2, 3].map((id) => ({ id: `wh-${id}`, qty: random.int(0, 40) }));
  return {
    supplierId: `sup-${random.int(10, 99)}`,
    sku: `SKU-${n}`,
    id: `p-${n}`,
    brand,
    title,
    subtitle: `${brand} · ${random.pick(['2026 edition', 'recycled', 'limited run'])}`,
    description: sentences.join(' '),
    price: money(priceMinor, currency),
    compareAtPrice: random.chance(0.3) ? money(Math.round(priceMinor * 1.25), currency) : null,
    supplierCost: money(Math.round(priceMinor * 0.4), currency),
    marginPct: Number((40 + random.next() * 30).toFixed(1)),
    images: Array.from({ length: random.int(3, 5) }, (_, index) =>
      image(`products/p-${n}/${index}`, random),
    ),
    inventory: {
      warehouses,
      reserved: random.int(0, 5),
      availableQuantity: n % 10 === 0 ? 0 : warehouses.reduce((sum, w) => sum + w.qty, 0),
    },
    rating: { count: random.int(0, 2_000), average: Number((3 + random.next() * 2).toFixed(1)) },
    attributes: {
      color: random.pick(['slate', 'moss', 'sunrise', 'glacier']),
      sizes: ['S', 'M', 'L', 'XL'].slice(0, random.int(1, 4)),
      weightGrams: random.int(90, 2_400),
    },
    badges: random.chance(0.4) ? ['BESTSELLER'] : [],
    seo: { slug: `${title.toLowerCase().replace(/\W+/g, '-')}-${n}`, indexable: true },
    createdAt: iso(REFERENCE_MS - random.int(100, 900) * DAY_MS),
    updatedAt: iso(REFERENCE_MS - random.int(1, 60) * DAY_MS),
  };
}

export function buildReviews(productN: number, limit: number): Json {
  const random = seededRandom(`reviews:${productN}`);
  const total = random.int(0, 60);
  const reviews = Array.from({ length: Math.min(limit, total) }, (_, index) => ({
    reviewId: `r-${productN}-${index}`,
    rating: random.int(1, 5),
    title: random.pick(['Worth every penny', 'Runs small', 'Sehr gut', 'Great in the rain']),
    body: `${random.pick(SENTENCES)} ${random.pick(SENTENCES)}`,
    authorDisplayName: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES).charAt(0)}.`,
    authorUserId: `u-${random.int(1, 99_999)}`,
    createdAt: iso(REFERENCE_MS - random.int(1, 700) * DAY_MS),
    moderation: { state: 'APPROVED', reviewer: `mod-${random.int(1, 20)}`, flags: 0 },
  }));
  return { total, reviews };
}

/** `limit` suggestions, best first; one of them is a product the catalog no longer has. */
export function buildRecommendations(userN: number, limit: number): Json {
  const random = seededRandom(`recommendations:${userN}`);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(limit, RECOMMENDABLE.count)) {
    chosen.add(RECOMMENDABLE.first + random.int(0, RECOMMENDABLE.count - 1));
  }
  const modelVersion = 'reco-2026.11.3';
  const items = [...chosen].map((product, index) => ({
    score: Number((0.99 - index * 0.031).toFixed(3)),
    productId:
      index === Math.min(RETIRED_POSITION, limit - 1) ? `p-retired-${product}` : `p-${product}`,
    reason: random.pick(['ALSO_BOUGHT', 'TRENDING_NEAR_YOU', 'BECAUSE_YOU_VIEWED']),
    modelVersion,
    experimentBucket: random.pick(['control', 'reco-b']),
    explanation: { features: ['recency', 'category-affinity'], weight: random.next().toFixed(3) },
  }));
  return { modelVersion, items, generatedAt: iso(REFERENCE_MS) };
}

export interface NotificationsQuery {
  unreadOnly: boolean;
  limit: number;
  sinceMs?: number;
}

export function buildNotifications(userN: number, query: NotificationsQuery): Json {
  const random = seededRandom(`notifications:${userN}`);
  const total = random.int(0, 24);
  const unread = random.int(0, Math.min(total, 9));
  const all = Array.from({ length: total }, (_, index) => ({
    id: `n-${userN}-${index}`,
    createdAt: iso(REFERENCE_MS - index * 7 * 3_600_000 - random.int(0, 3_599) * 1000),
    read: index >= unread,
    title: random.pick(['Your order is on its way', 'Price drop', 'Back in stock', 'Rate it']),
    body: random.pick(SENTENCES),
    deepLink: `double://orders/o-${userN}-${index % 3}`,
    category: random.pick(['ORDER', 'PROMO', 'ACCOUNT']),
    campaignId: `cmp-${random.int(100, 999)}`,
    deliveryStats: { sent: 1, opened: random.int(0, 1), channel: 'push', provider: 'apns/fcm' },
  }));
  const sinceMs = query.sinceMs;
  const matching = all.filter(
    (item) =>
      (!query.unreadOnly || !item.read) &&
      (sinceMs === undefined || Date.parse(item.createdAt) >= sinceMs),
  );
  return { unreadCount: unread, items: matching.slice(0, query.limit), total: matching.length };
}

export function buildMobileConfig(platform: 'ios' | 'android'): Json {
  return {
    internal: { rolloutCohorts: ['beta-eu', 'staff'], killSwitchOwner: 'mobile-platform' },
    platform,
    latestVersion: platform === 'ios' ? '6.4.1' : '6.4.0',
    minSupportedVersion: '5.8.0',
    featureFlags: { newCheckout: true, videoReviews: platform === 'ios', carbonLabels: false },
    maintenance: null,
    supportUrl: 'https://support.double.example/app',
    etagHint: 'cfg-42',
  };
}
