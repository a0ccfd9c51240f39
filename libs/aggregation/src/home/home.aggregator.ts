import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DownstreamProduct,
  MAX_BATCH_IDS,
  NotificationsClient,
  OrdersClient,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import { runScreen } from '../screen-run';
import { complete, failedSections, loadSection, Section } from '../section';
import { HOME_RECENT_ORDERS, HomeSources, ScreenRequest } from './home-sources';

/** Extra recommendations asked for, so products the catalog drops still leave a full row. */
const RECOMMENDATION_SLACK = 4;

/**
 * Fans the home screen out to its sources in parallel under one deadline.
 * users is critical (its failure fails the screen); every other section is optional.
 */
@Injectable()
export class HomeAggregator {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
    private readonly catalog: CatalogClient,
    private readonly products: CatalogProducts,
    private readonly notifications: NotificationsClient,
  ) {}

  /** `layout.recommendations`: how many the platform shows (the contract: iOS 6, Android 8). */
  load(screen: ScreenRequest, layout: { recommendations: number }): Promise<HomeSources> {
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    const { userId } = screen;
    return runScreen(screen.request, deadlineMs - deadlineMarginMs, async (context) => {
      const [user, recentOrders, recommendations, unreadNotifications] = await Promise.all([
        this.users.getUser(context, userId).catch((cause: unknown) => {
          throw new AppError('USER_PROFILE_UNAVAILABLE', undefined, undefined, { cause });
        }),
        loadSection(() => this.recentOrders(context, userId), []),
        loadSection(
          () => this.recommendedProducts(context, userId, layout.recommendations),
          [] as DownstreamProduct[],
        ),
        loadSection(async () => complete(await this.unreadCount(context, userId)), null),
      ]);
      return {
        user,
        recentOrders: recentOrders.value,
        recommendations: recommendations.value,
        unreadNotifications: unreadNotifications.value,
        degradedSections: failedSections({ recentOrders, recommendations, unreadNotifications }),
      };
    });
  }

  private async recentOrders(context: CallContext, userId: string) {
    const page = await this.orders.listOrders(context, { userId, limit: HOME_RECENT_ORDERS });
    return complete(page.orders.slice(0, HOME_RECENT_ORDERS));
  }

  /**
   * Recommended ids, then their products: cached ones from the cache, all others from ONE batch
   * catalog call. Unknown products are dropped, the recommender's order is kept, `limit` remain.
   * A failed batch marks the section failed even when cached products fill part of the row.
   */
  private async recommendedProducts(
    context: CallContext,
    userId: string,
    limit: number,
  ): Promise<Section<DownstreamProduct[]>> {
    const wanted = Math.min(limit + RECOMMENDATION_SLACK, MAX_BATCH_IDS);
    const recommended = await this.catalog.getRecommendations(context, userId, wanted);
    // Each product once, at its first place: a recommender repeating itself is not a second tile.
    const ids = [...new Set(recommended.map((item) => item.productId))].slice(0, wanted);
    const found = await this.products.byIds(context, ids);
    const products = ids.flatMap((id) => found.values.get(id) ?? []).slice(0, limit);
    return { value: products, failed: !found.complete };
  }

  private async unreadCount(context: CallContext, userId: string): Promise<number> {
    return (await this.notifications.getUnreadSummary(context, userId)).unreadCount;
  }
}
