import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  DownstreamError,
  DownstreamOrder,
  DownstreamProduct,
  OrdersClient,
  OrdersPage,
  OrdersQuery,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import type { ScreenRequest } from '../home/home-sources';
import { PagingTokens } from '../paging/paging-tokens';
import { runScreen } from '../screen-run';
import { OrderDetailSources, OrdersPageRequest, OrdersPageSources } from './orders-sources';

/** What an orders cursor seals: the downstream cursor, which never reaches the phone. */
interface OrdersCursor {
  downstream: string;
}

function isOrdersCursor(value: unknown): value is OrdersCursor {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<OrdersCursor>).downstream === 'string'
  );
}

/**
 * The orders list and an order's detail, each under the screen deadline. orders-service is
 * critical (503 when it fails); the profile only gives the locale prices are formatted in, so a
 * failed users call falls back to the default locale; thumbnails are optional (null when their
 * one batch lookup fails).
 */
@Injectable()
export class OrdersAggregator {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
    private readonly products: CatalogProducts,
    private readonly tokens: PagingTokens,
  ) {}

  /** One page of the user's orders; a garbled, forged or another user's cursor is a 400. */
  async page(screen: ScreenRequest, request: OrdersPageRequest): Promise<OrdersPageSources> {
    const { userId } = screen;
    // Checked before any downstream call: a bad cursor costs the services nothing.
    const cursor =
      request.cursor === undefined
        ? undefined
        : this.tokens.open('orders', userId, request.cursor, 'cursor', isOrdersCursor).downstream;
    return this.run(screen, async (context) => {
      const [locale, { page, thumbnails }] = await Promise.all([
        this.localeOf(context, userId),
        this.listWithThumbnails(context, { userId, limit: request.limit, cursor }),
      ]);
      return {
        orders: page.orders,
        thumbnails,
        locale,
        // An empty cursor would start the list over: it ends it, as null does.
        nextCursor: page.nextCursor
          ? this.tokens.seal('orders', userId, { downstream: page.nextCursor })
          : null,
      };
    });
  }

  /**
   * One of the user's orders. Another user's order fails exactly like an unknown one (the client
   * turns it into not_found after the same downstream call), so both are the same 404.
   */
  order(screen: ScreenRequest, orderId: string): Promise<OrderDetailSources> {
    const { userId } = screen;
    return this.run(screen, async (context) => {
      const [locale, order] = await Promise.all([
        this.localeOf(context, userId),
        this.orders.getOrder(context, orderId, userId).catch(orderFailure),
      ]);
      return { order, locale };
    });
  }

  private run<T>(screen: ScreenRequest, fanOut: (context: CallContext) => Promise<T>) {
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    return runScreen(screen.request, deadlineMs - deadlineMarginMs, fanOut);
  }

  /** The page, then the products of its orders' first items in ONE batch lookup. */
  private async listWithThumbnails(
    context: CallContext,
    query: OrdersQuery,
  ): Promise<{ page: OrdersPage; thumbnails: ReadonlyMap<string, DownstreamProduct> }> {
    const page = await this.orders.listOrders(context, query).catch(ordersUnavailable);
    const ids = firstItemProductIds(page.orders);
    if (ids.length === 0) return { page, thumbnails: new Map() };
    // Thumbnails are decoration: without the catalog, the list still shows every order.
    const found = await this.products.byIds(context, ids).catch(() => undefined);
    return { page, thumbnails: found?.values ?? new Map() };
  }

  private localeOf(context: CallContext, userId: string): Promise<string | undefined> {
    return this.users.getUser(context, userId).then(
      (user) => user.locale,
      () => undefined,
    );
  }
}

/** The products a page's thumbnails show: each order's first item, once. */
function firstItemProductIds(orders: readonly DownstreamOrder[]): string[] {
  return [...new Set(orders.flatMap((order) => order.items[0]?.productId ?? []))];
}

function ordersUnavailable(cause: unknown): never {
  throw new AppError('UPSTREAM_UNAVAILABLE', undefined, undefined, { cause });
}

/** not_found stays a 404 (unknown and other users' orders alike); anything else is a 503. */
function orderFailure(cause: unknown): never {
  if (cause instanceof DownstreamError && cause.failure === 'not_found') {
    throw new AppError('NOT_FOUND', undefined, undefined, { cause });
  }
  return ordersUnavailable(cause);
}
