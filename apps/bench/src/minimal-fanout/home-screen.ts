import { CallContext, DownstreamPools } from './downstream-pools';

type Json = Record<string, unknown>;

export interface HomeScreen {
  /** The contract's iOS home body without `meta` (added when it is sent), in the BFF's key order. */
  content: Json;
  degradedSections: string[];
}

const RECENT_ORDERS = 3;
const IOS_RECOMMENDATIONS = 6;
/** Asked for beyond the 6 shown, so products the catalog no longer has still leave a full row. */
const RECOMMENDATIONS_ASKED = 10;
const THUMBNAIL_BASE = 160;
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * users is critical (undefined: the caller answers 503); the three other sections degrade to an
 * empty value and are named in `degradedSections` when their source fails or the deadline fires.
 */
export async function loadHome(
  downstream: DownstreamPools,
  context: CallContext,
  scale: number,
): Promise<HomeScreen | undefined> {
  const id = encodeURIComponent(context.userId);
  const degradedSections: string[] = [];
  const optional = <T>(name: string, load: () => Promise<T>): Promise<T | null> =>
    load().catch(() => {
      degradedSections.push(name);
      return null;
    });

  const [user, orders, products, unread] = await Promise.all([
    downstream.getJson('users', `/users/${id}`, context).catch(() => undefined),
    optional('recentOrders', async () => {
      const path = `/orders?userId=${id}&limit=${RECENT_ORDERS}`;
      const page = (await downstream.getJson('orders', path, context)) as { orders: Json[] };
      return page.orders.slice(0, RECENT_ORDERS).map((order) => ({
        orderId: order.orderId as string,
        status: order.status as string,
        estimatedDelivery: (order.estimatedDelivery as string | null) ?? null,
        itemCount: (order.items as Json[]).reduce((sum, item) => sum + Number(item.quantity), 0),
      }));
    }),
    optional('recommendations', () => recommendedProducts(downstream, context, id)),
    optional('unreadNotifications', async () => {
      const path = `/notifications?userId=${id}&unreadOnly=true&limit=1`;
      const summary = (await downstream.getJson('notifications', path, context)) as Json;
      if (!Number.isInteger(summary.unreadCount)) throw new Error('no unreadCount');
      return summary.unreadCount as number;
    }),
  ]);
  if (!isRecord(user) || typeof user.id !== 'string' || typeof user.displayName !== 'string') {
    return undefined;
  }
  const locale = typeof user.locale === 'string' ? user.locale : 'en-US';
  return {
    degradedSections,
    content: {
      user: {
        userId: user.id,
        displayName: user.displayName,
        avatarUrl: thumbnail(user.avatar, scale),
        loyaltyTier: (user.loyalty as Json | null)?.tier ?? null,
      },
      recentOrders: orders ?? [],
      recommendations: (products ?? []).map((product) => ({
        productId: product.id as string,
        title: product.title as string,
        thumbnailUrl: thumbnail((product.images as unknown[])[0], scale),
        priceFormatted: formatPrice(product.price as Json, locale),
      })),
      unreadNotifications: unread,
    },
  };
}

/** Recommended ids, then ONE batch catalog call; the recommender's order is kept. */
async function recommendedProducts(
  downstream: DownstreamPools,
  context: CallContext,
  id: string,
): Promise<Json[]> {
  const path = `/recommendations?userId=${id}&limit=${RECOMMENDATIONS_ASKED}`;
  const { items } = (await downstream.getJson('catalog', path, context)) as { items: Json[] };
  const ids = items.map((item) => item.productId as string);
  const batch = `/products?ids=${ids.map(encodeURIComponent).join(',')}`;
  const { products } = (await downstream.getJson('catalog', batch, context)) as {
    products: Json[];
  };
  const byId = new Map<string, Json>();
  for (const product of products) if (isProduct(product)) byId.set(product.id as string, product);
  return ids
    .map((productId) => byId.get(productId))
    .filter((product): product is Json => product !== undefined)
    .slice(0, IOS_RECOMMENDATIONS);
}

function isProduct(raw: Json): boolean {
  const price = raw.price as Json | undefined;
  return (
    typeof raw.id === 'string' &&
    typeof raw.title === 'string' &&
    isRecord(price) &&
    typeof price.amount === 'string' &&
    typeof price.currency === 'string'
  );
}

/** The smallest variant at least 160 × scale pixels wide, else the largest, else the original. */
function thumbnail(image: unknown, scale: number): string | null {
  if (!isRecord(image)) return null;
  const wanted = THUMBNAIL_BASE * scale;
  let best: [number, string] | undefined;
  let largest: [number, string] | undefined;
  for (const [key, url] of Object.entries((image.variants as Json | undefined) ?? {})) {
    const width = /^w(\d+)$/.exec(key)?.[1];
    if (width === undefined || typeof url !== 'string') continue;
    const entry: [number, string] = [Number(width), url];
    if (entry[0] >= wanted && (!best || entry[0] < best[0])) best = entry;
    if (!largest || entry[0] > largest[0]) largest = entry;
  }
  return best?.[1] ?? largest?.[1] ?? (typeof image.url === 'string' ? image.url : null);
}

/** The money's own currency in the user's locale; formatters are cached (building one is slow). */
function formatPrice(price: Json, locale: string): string {
  const currency = String(price.currency);
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      return `${String(price.amount)} ${currency}`; // a locale or currency Intl does not know
    }
    formatters.set(key, formatter);
  }
  return formatter.format(Number(price.amount));
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}
