import type { DemoBackends } from '../../apps/demo-backends/src';
import { rawRequest } from './raw-http';

type ServiceName = keyof DemoBackends['urls'];

/**
 * Reads the demo services directly, as the BFF would, so that tests derive what a screen must
 * show from the same source data instead of hard-coding results.
 */
export async function downstream<T>(
  backends: DemoBackends,
  service: ServiceName,
  path: string,
): Promise<T> {
  const response = await rawRequest(`${backends.urls[service]}${path}`, {
    headers: { authorization: `Bearer ${backends.serviceToken}` },
  });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${service} ${path} answered ${response.status}`);
  }
  return JSON.parse(response.body) as T;
}

export interface OracleImage {
  url: string;
  variants: Record<string, string>;
}
export interface OracleProduct {
  id: string;
  title: string;
  price: { amount: string; currency: string };
  images: OracleImage[];
}
export interface OracleUser {
  id: string;
  displayName: string;
  locale: string;
  avatar: OracleImage;
  loyalty: { tier: string };
}
export interface OracleOrder {
  orderId: string;
  status: string;
  estimatedDelivery: string | null;
  items: { quantity: number }[];
}

/** Recommendations the BFF asks for beyond what it shows, to fill rows the catalog thins out. */
const RECOMMENDATION_SLACK = 4;

/** What a home screen is built from, read straight from the services. */
export async function homeSources(backends: DemoBackends, userId: string, recommendations: number) {
  const user = await downstream<OracleUser>(backends, 'users', `/users/${userId}`);
  const { orders } = await downstream<{ orders: OracleOrder[] }>(
    backends,
    'orders',
    `/orders?userId=${userId}&limit=3`,
  );
  const { items } = await downstream<{ items: { productId: string }[] }>(
    backends,
    'catalog',
    `/recommendations?userId=${userId}&limit=${recommendations + RECOMMENDATION_SLACK}`,
  );
  const ids = items.map((item) => item.productId);
  const { products } = await downstream<{ products: OracleProduct[] }>(
    backends,
    'catalog',
    `/products?ids=${ids.join(',')}`,
  );
  const { unreadCount } = await downstream<{ unreadCount: number }>(
    backends,
    'notifications',
    `/notifications?userId=${userId}&unreadOnly=true&limit=1`,
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  return {
    user,
    orders,
    recommendedIds: ids,
    products: ids.flatMap((id) => byId.get(id) ?? []).slice(0, recommendations),
    unreadCount,
  };
}
