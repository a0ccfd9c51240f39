import type { DownstreamOrder, DownstreamProduct, DownstreamUser } from '@app/downstream';
import type { RequestContext } from '@app/telemetry';

/** Section names as the mobile contract lists them in `meta.degradedSections`. */
export type HomeSection = 'recentOrders' | 'recommendations' | 'unreadNotifications';

/** At most this many orders on a home screen (the mobile contract). */
export const HOME_RECENT_ORDERS = 3;

/** Who a screen is for: the request it answers and the authenticated user. */
export interface ScreenRequest {
  readonly request: RequestContext;
  readonly userId: string;
}

/** Everything a home screen is built from; a failed section is empty (or null) and listed. */
export interface HomeSources {
  user: DownstreamUser;
  recentOrders: DownstreamOrder[];
  /** In the recommender's order, products the catalog does not know already dropped. */
  recommendations: DownstreamProduct[];
  unreadNotifications: number | null;
  degradedSections: HomeSection[];
}
