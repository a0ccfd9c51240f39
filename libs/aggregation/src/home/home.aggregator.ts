import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  Deadline,
  DownstreamProduct,
  MAX_BATCH_IDS,
  NotificationsClient,
  OrdersClient,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import type { RequestContext } from '@app/observability';
import { CatalogProducts } from '../catalog-products';
import { loadSection, SectionOutcome } from '../section';
import type { HomeOptions, HomeSection, HomeSources } from './home-sources';

const RECENT_ORDERS = 3;
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

  async load(request: RequestContext, userId: string, options: HomeOptions): Promise<HomeSources> {
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    const deadline = Deadline.after(deadlineMs - deadlineMarginMs, request.startedAt);
    const context: CallContext = {
      requestId: request.requestId,
      traceId: request.traceId,
      deadline,
      request,
    };
    const expiry = deadline.expiry();

    const [user, recentOrders, recommendations, unread] = await Promise.all([
      this.users.getUser(context, userId).catch((cause: unknown) => {
        throw new AppError('USER_PROFILE_UNAVAILABLE', undefined, undefined, { cause });
      }),
      loadSection(() => this.recentOrders(context, userId), expiry),
      loadSection(
        () => this.recommendedProducts(context, userId, options.recommendationLimit),
        expiry,
      ),
      loadSection(
        async () => (await this.notifications.getUnreadSummary(context, userId)).unreadCount,
        expiry,
      ),
    ]);

    const degradedSections: HomeSection[] = [];
    const valueOf = <T>(section: HomeSection, outcome: SectionOutcome<T>): T | null => {
      if (outcome.ok) return outcome.value;
      degradedSections.push(section);
      return null;
    };
    request.degradedSections = degradedSections;
    return {
      user,
      recentOrders: valueOf('recentOrders', recentOrders),
      recommendations: valueOf('recommendations', recommendations),
      unreadNotifications: valueOf('unreadNotifications', unread),
      degradedSections,
    };
  }

  private async recentOrders(context: CallContext, userId: string) {
    const page = await this.orders.listOrders(context, { userId, limit: RECENT_ORDERS });
    return page.orders.slice(0, RECENT_ORDERS);
  }

  /**
   * Recommended ids, then their products: cached ones from the cache, all others from ONE batch
   * catalog call. Unknown products are dropped, the recommender's order is kept, `limit` remain.
   */
  private async recommendedProducts(
    context: CallContext,
    userId: string,
    limit: number,
  ): Promise<DownstreamProduct[]> {
    const wanted = Math.min(limit + RECOMMENDATION_SLACK, MAX_BATCH_IDS);
    const ids = (await this.catalog.getRecommendations(context, userId, wanted))
      .slice(0, wanted)
      .map((item) => item.productId);
    const byId = await this.products.byIds(context, ids);
    return ids.flatMap((id) => byId.get(id) ?? []).slice(0, limit);
  }
}
