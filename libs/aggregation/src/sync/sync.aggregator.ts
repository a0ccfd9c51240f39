import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  DownstreamError,
  DownstreamNotification,
  DownstreamOrder,
  DownstreamProduct,
  NotificationsClient,
  OrdersClient,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { CatalogProducts } from '../catalog-products';
import type { ScreenRequest } from '../home/home-sources';
import { PagingTokens } from '../paging/paging-tokens';
import { runScreen } from '../screen-run';
import { boundaryAfter, unseenOrders } from './order-boundary';
import { SyncSources } from './sync-sources';
import { isSyncState, SyncSession, SyncState } from './sync-state';

/** Orders per sync page. */
export const SYNC_ORDERS_PAGE = 20;
/**
 * Notifications asked for at a session's start. The service has no cursor: a session sees at most
 * this many of the notifications created since the watermark (the newest ones).
 */
export const SYNC_NOTIFICATIONS = 50;
/**
 * A session starts this long before the call, so a change the services stamp with a clock a
 * little behind ours, or commit a little late, still falls after the next session's watermark.
 */
export const SYNC_CLOCK_SKEW_MS = 30_000;
/** A longer downstream cursor would make a token too long to be accepted back: a bad answer. */
const MAX_DOWNSTREAM_CURSOR_CHARS = 512;

/**
 * Delta sync of orders and notifications, one page per call. Every source is critical: a page
 * that silently left a source out would still move the watermark, and its changes would never
 * be listed. users too: the phone keeps prices in the user's locale until the order changes again.
 * Only thumbnails may be missing (their product lookup failing).
 */
@Injectable()
export class SyncAggregator {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
    private readonly products: CatalogProducts,
    private readonly notifications: NotificationsClient,
    private readonly tokens: PagingTokens,
  ) {}

  /** The page after `since` (the first page of a new session without one); 400 on a bad token. */
  async load(screen: ScreenRequest, since: string | undefined): Promise<SyncSources> {
    const { userId } = screen;
    const state: SyncState =
      since === undefined ? {} : this.tokens.open('sync', userId, since, 'since', isSyncState);
    const session = state.session ?? {
      startedAt: Date.now() - SYNC_CLOCK_SKEW_MS,
      cursor: undefined,
      boundary: null,
    };
    const watermark = state.watermark === undefined ? undefined : isoOf(state.watermark);
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    return runScreen(screen.request, deadlineMs - deadlineMarginMs, async (context) => {
      const [user, page, notifications] = await Promise.all([
        this.users.getUser(context, userId).catch((cause: unknown) => {
          throw new AppError('USER_PROFILE_UNAVAILABLE', undefined, undefined, { cause });
        }),
        this.orders
          .listOrders(context, {
            userId,
            limit: SYNC_ORDERS_PAGE,
            cursor: session.cursor,
            updatedSince: watermark,
          })
          .catch(upstreamFailure),
        // A session's first page carries its notifications; later pages carry none.
        state.session ? [] : this.newNotifications(context, userId, watermark),
      ]);
      const orders = unseenOrders(page.orders, session.boundary);
      const next = nextState(state, session, orders, page.nextCursor);
      return {
        user,
        orders,
        products: await this.thumbnailProducts(context, orders),
        notifications,
        nextSince: this.tokens.seal('sync', userId, next),
        hasMore: next.session !== undefined,
      };
    });
  }

  /** Created since the watermark, each once, newest first. */
  private async newNotifications(
    context: CallContext,
    userId: string,
    since: string | undefined,
  ): Promise<DownstreamNotification[]> {
    const items = await this.notifications
      .listNotifications(context, { userId, limit: SYNC_NOTIFICATIONS, since })
      .catch(upstreamFailure);
    const byId = new Map(items.map((item) => [item.id, item]));
    return [...byId.values()].sort(
      (a, b) =>
        Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }

  /**
   * The products of the orders' first items (what a summary's thumbnail shows), in ONE lookup.
   * A failed lookup leaves thumbnails out; the orders themselves are complete.
   */
  private async thumbnailProducts(
    context: CallContext,
    orders: readonly DownstreamOrder[],
  ): Promise<ReadonlyMap<string, DownstreamProduct>> {
    const ids = [...new Set(orders.flatMap((order) => order.items[0]?.productId ?? []))];
    if (ids.length === 0) return new Map();
    try {
      return (await this.products.byIds(context, ids)).values;
    } catch {
      return new Map();
    }
  }
}

/** The state after this page: the session's next page, or the next session's watermark. */
function nextState(
  state: SyncState,
  session: Omit<SyncSession, 'cursor'>,
  delivered: readonly DownstreamOrder[],
  cursor: string | null,
): SyncState {
  // An empty cursor would start the list over: it ends it, as null does (as the orders list reads it).
  if (!cursor) return { watermark: session.startedAt };
  if (cursor.length > MAX_DOWNSTREAM_CURSOR_CHARS) {
    throw upstreamError(new DownstreamError('orders', 'bad_response'));
  }
  return {
    watermark: state.watermark,
    session: {
      startedAt: session.startedAt,
      cursor,
      boundary: boundaryAfter(session.boundary, delivered),
    },
  };
}

function upstreamFailure(cause: unknown): never {
  throw upstreamError(cause);
}

/** A timed-out source is a 504, any other failure a 503; both are worth retrying. */
function upstreamError(cause: unknown): AppError {
  const timedOut = cause instanceof DownstreamError && cause.failure === 'timeout';
  return new AppError(
    timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
    undefined,
    undefined,
    {
      cause,
    },
  );
}

function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
