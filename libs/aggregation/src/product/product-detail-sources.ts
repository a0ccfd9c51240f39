import type { DownstreamProductDetail, DownstreamReview } from '@app/downstream';
import type { RequestContext } from '@app/telemetry';

/** Section names as the mobile contract lists them in `meta.degradedSections`. */
export type ProductDetailSection = 'topReviews';

/** Who asks for a product page: anyone; a signed-in caller's user id when a token was sent. */
export interface ProductDetailRequest {
  readonly request: RequestContext;
  readonly userId: string | undefined;
}

/** Everything a product page is built from; failed sections are empty and listed. */
export interface ProductDetailSources {
  product: DownstreamProductDetail;
  /** At most PRODUCT_TOP_REVIEWS, in the catalog's order. */
  topReviews: DownstreamReview[];
  /** The signed-in caller's profile locale; undefined when anonymous or when it is unavailable. */
  profileLocale: string | undefined;
  degradedSections: ProductDetailSection[];
}
