import type { HomeSources } from '@app/aggregation';
import type { DownstreamOrder, DownstreamProduct } from '@app/downstream';
import { formatPrice, pickImageVariant, screenMeta } from '@app/presentation';
import type { IosHomeResponse, IosRecentOrderDto, IosRecommendationDto } from './ios-home.dto';

export const IOS_RECOMMENDATIONS = 6;
const DEFAULT_LOCALE = 'en-US';

/** Whitelist mapping: only the fields the iOS home screen renders, nothing copied wholesale. */
export function toIosHome(sources: HomeSources, traceId: string, scale: number): IosHomeResponse {
  const { user } = sources;
  const locale = user.locale ?? DEFAULT_LOCALE;
  return {
    meta: screenMeta(traceId, sources.degradedSections),
    user: {
      userId: user.id,
      displayName: user.displayName,
      avatarUrl: pickImageVariant(user.avatar, 'avatar', scale),
      loyaltyTier: user.loyalty?.tier ?? null,
    },
    recentOrders: (sources.recentOrders ?? []).map(toRecentOrder),
    recommendations: (sources.recommendations ?? []).map((product) =>
      toRecommendation(product, locale, scale),
    ),
    unreadNotifications: sources.unreadNotifications,
  };
}

function toRecentOrder(order: DownstreamOrder): IosRecentOrderDto {
  return {
    orderId: order.orderId,
    status: order.status,
    estimatedDelivery: order.estimatedDelivery ?? null,
    itemCount: order.items.reduce((sum, item) => sum + (item.quantity || 0), 0),
  };
}

function toRecommendation(
  product: DownstreamProduct,
  locale: string,
  scale: number,
): IosRecommendationDto {
  return {
    productId: product.id,
    title: product.title,
    thumbnailUrl: pickImageVariant(product.images[0], 'thumbnail', scale),
    priceFormatted: formatPrice(product.price, locale),
  };
}
