import { FUTURE_FIELD, INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../sentinels';
import { FIRST_PRODUCT_NUMBER, LAST_PRODUCT_NUMBER, productId, productNumber } from './ids';
import { Image, image } from './images';
import { CURRENCIES, Currency, Money, money, roundToShelf, shelfPrice } from './money';
import { intBetween, pick, seededRandom } from './random';
import { isoAt } from './time';

/** catalog-service product as downstream.md documents it (plus a future field). */
export interface DownstreamProduct {
  id: string;
  title: string;
  subtitle: string;
  description: string;
  brand: string;
  price: Money;
  compareAtPrice: Money | null;
  images: Image[];
  inventory: {
    availableQuantity: number;
    reserved: number;
    warehouses: { id: string; qty: number }[];
  };
  rating: { average: number; count: number };
  attributes: { color: string; sizes: string[] };
  supplierCost: Money;
  marginPct: number;
  supplierId: string;
  createdAt: string;
  updatedAt: string;
  x_future_internal: string;
}

export interface DownstreamReview {
  reviewId: string;
  rating: number;
  title: string;
  body: string;
  authorDisplayName: string;
  authorUserId: string;
  createdAt: string;
  moderation: { status: string; score: number };
  x_future_internal: string;
}

const ADJECTIVES = [
  'Trail',
  'Urban',
  'Alpine',
  'Coastal',
  'Everyday',
  'Summit',
  'Studio',
  'Nordic',
];
const NOUNS = [
  'shoe',
  'jacket',
  'backpack',
  'water bottle',
  'headlamp',
  'beanie',
  'rain shell',
  'sock pack',
  'fleece',
  'duffel',
];
const BRANDS = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella Outdoor'];
const COLORS = ['blue', 'black', 'olive', 'red', 'sand', 'grey'];
const REVIEW_TITLES = ['Love it', 'Does the job', 'Great value', 'Not for me', 'Solid build'];
const REVIEWERS = ['Sam K.', 'Priya R.', 'Jonas W.', 'Mei T.', 'Luca B.', 'Ana P.'];

/** The first price currency cycles GBP, EUR, USD, JPY with the product number (p-200 is GBP). */
export function productCurrency(n: number): Currency {
  return CURRENCIES[n % CURRENCIES.length];
}

/** A product's price in `currency` (minor units); p-200 is the contract's £89.00 trail shoe. */
export function priceIn(n: number, currency: Currency): number {
  if (n === 200 && currency === 'GBP') return 8_900;
  const basePence = n === 200 ? 8_900 : intBetween(seededRandom(`price:${n}`), 9, 240) * 100;
  return shelfPrice(basePence, currency);
}

function buildProduct(n: number): DownstreamProduct {
  const id = productId(n);
  const random = seededRandom(id);
  const isTrailShoe = n === 200;
  const title = isTrailShoe ? 'Trail shoe' : `${pick(ADJECTIVES, random)} ${pick(NOUNS, random)}`;
  const currency = productCurrency(n);
  const price = priceIn(n, currency);
  const imageCount = 1 + (n % 3);
  return {
    id,
    title,
    subtitle: `${title} for every season`,
    description:
      `The ${title.toLowerCase()} is built for long days outside. `.repeat(3) +
      'Recycled materials, a two-year warranty and free returns within 30 days.',
    brand: isTrailShoe ? 'Acme' : pick(BRANDS, random),
    price: money(price, currency),
    // Every third product is on sale.
    compareAtPrice: n % 3 === 0 ? money(roundToShelf(price * 1.25, currency), currency) : null,
    images: Array.from({ length: imageCount }, (_, i) =>
      image(`https://img.example/p/${id}${i === 0 ? '' : `/${i + 1}`}`, 'jpg'),
    ),
    inventory: {
      // Products ending in 7 are out of stock.
      availableQuantity: isTrailShoe ? 14 : n % 10 === 7 ? 0 : intBetween(random, 1, 60),
      reserved: INTERNAL_NUMERIC_SENTINEL,
      warehouses: [{ id: INTERNAL_SENTINEL, qty: 9 }],
    },
    rating: isTrailShoe
      ? { average: 4.4, count: 312 }
      : { average: intBetween(random, 25, 50) / 10, count: intBetween(random, 0, 900) },
    attributes: {
      color: pick(COLORS, random),
      sizes: ['40', '41', '42', '43'].slice(0, 1 + (n % 4)),
    },
    supplierCost: { amount: String(INTERNAL_NUMERIC_SENTINEL), currency: INTERNAL_SENTINEL },
    marginPct: INTERNAL_NUMERIC_SENTINEL,
    supplierId: INTERNAL_SENTINEL,
    createdAt: isoAt(-24 * (400 + (n % 200))),
    updatedAt: isoAt(-24 * (1 + (n % 20))),
    ...FUTURE_FIELD,
  };
}

const PRODUCTS: ReadonlyMap<string, DownstreamProduct> = new Map(
  Array.from({ length: LAST_PRODUCT_NUMBER - FIRST_PRODUCT_NUMBER + 1 }, (_, i) => {
    const product = buildProduct(FIRST_PRODUCT_NUMBER + i);
    return [product.id, product] as const;
  }),
);

export function findProduct(id: string): DownstreamProduct | undefined {
  return PRODUCTS.get(id);
}

/** Products with reviews: `n % 7` reviews each (so p-203, p-210, ... have none). */
export function reviewCount(n: number): number {
  return n % 7;
}

/** Newest first; undefined for an unknown product. */
export function findReviews(id: string): DownstreamReview[] | undefined {
  const n = productNumber(id);
  if (n === undefined) return undefined;
  const random = seededRandom(`reviews:${id}`);
  return Array.from({ length: reviewCount(n) }, (_, i) => {
    const rating = intBetween(random, 1, 5);
    return {
      reviewId: `r-${n}-${i + 1}`,
      rating,
      title: pick(REVIEW_TITLES, random),
      body: `${rating} stars. Used it for ${intBetween(random, 2, 20)} weeks, would buy again.`,
      authorDisplayName: pick(REVIEWERS, random),
      authorUserId: INTERNAL_SENTINEL,
      createdAt: isoAt(-24 * (i * 9 + (n % 5) + 1)),
      moderation: { status: INTERNAL_SENTINEL, score: INTERNAL_NUMERIC_SENTINEL },
      ...FUTURE_FIELD,
    };
  });
}
