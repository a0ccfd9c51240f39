import type { HomeSources } from '@app/aggregation';
import type { DownstreamOrder, DownstreamProduct } from '@app/downstream';
import { formatPrice, pickImageVariant, screenMeta } from '@app/presentation';
import type {
  AndroidHomeResponse,
  AndroidRecentOrderDto,
  AndroidRecommendationDto,
} from './android-home.dto';

export const ANDROID_RECOMMENDATIONS = 8;
const DEFAULT_LOCALE = 'en-US';

/** Whitelist mapping: only the fields the Android home screen renders, nothing copied wholesale. */
export function toAndroidHome(
  sources: HomeSources,
  traceId: string,
  density: number,
): AndroidHomeResponse {
  const { user } = sources;
  const locale = user.locale ?? DEFAULT_LOCALE;
  return {
    meta: screenMeta(traceId, sources.degradedSections),
    user: {
      userId: user.id,
      displayName: user.displayName,
      avatarUrl: pickImageVariant(user.avatar, 'avatar', density),
      loyaltyTier: user.loyalty?.tier ?? null,
    },
    recentOrders: (sources.recentOrders ?? []).map(toRecentOrder),
    recommendations: (sources.recommendations ?? []).map((product) =>
      toRecommendation(product, locale, density),
    ),
    unreadNotifications: sources.unreadNotifications,
  };
}

function toRecentOrder(order: DownstreamOrder): AndroidRecentOrderDto {
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
  density: number,
): AndroidRecommendationDto {
  return {
    productId: product.id,
    title: product.title,
    thumbnailUrl: pickImageVariant(product.images[0], 'thumbnail', density),
    priceFormatted: formatPrice(product.price, locale),
  };
}
