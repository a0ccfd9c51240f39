import type { DownstreamOrder, DownstreamProduct, DownstreamUser } from '@app/downstream';

/** Section names as the mobile contract lists them in `meta.degradedSections`. */
export type HomeSection = 'recentOrders' | 'recommendations' | 'unreadNotifications';

/** Everything a home screen is built from; a null section failed or missed the deadline. */
export interface HomeSources {
  user: DownstreamUser;
  recentOrders: DownstreamOrder[] | null;
  /** In the recommender's order, products the catalog does not know already dropped. */
  recommendations: DownstreamProduct[] | null;
  unreadNotifications: number | null;
  degradedSections: HomeSection[];
}

export interface HomeOptions {
  /** Platform-specific: the contract allows iOS 6, Android 8. */
  recommendationLimit: number;
}
