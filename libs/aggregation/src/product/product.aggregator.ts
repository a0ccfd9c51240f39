import { Injectable } from '@nestjs/common';
import { TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DeadlineExceeded,
  DownstreamError,
  UsersClient,
} from '@app/downstream';
import { AppError } from '@app/errors';
import { runScreen } from '../screen-run';
import { complete, failedSections, loadSection } from '../section';
import { ProductDetailCache } from './product-detail-cache';
import { ProductDetailRequest, ProductDetailSources } from './product-detail-sources';

/**
 * What a catalog product id may look like: letters, digits and `._~-`, at most 100 characters.
 * Anything else cannot name a product: it is answered like an unknown id, without a catalog call.
 */
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,99}$/;

/**
 * Fans a product page out under the screen deadline: the product (critical: unknown → 404, down →
 * 503), its top reviews (optional) and, for a signed-in caller, the profile locale for prices
 * (optional and silent: without it the request's own languages are used). Product and reviews
 * are shared by every user and cached for all of them.
 */
@Injectable()
export class ProductAggregator {
  /** Built here, not provided by the module: this aggregator is the only reader of its keys. */
  private readonly shared: ProductDetailCache;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersClient,
    catalog: CatalogClient,
    cache: TieredCache,
  ) {
    this.shared = new ProductDetailCache(catalog, cache, config);
  }

  async load(caller: ProductDetailRequest, productId: string): Promise<ProductDetailSources> {
    if (!PRODUCT_ID.test(productId)) throw new AppError('NOT_FOUND');
    const { deadlineMs, deadlineMarginMs } = this.config.screens;
    return runScreen(caller.request, deadlineMs - deadlineMarginMs, async (context) => {
      const [product, topReviews, profileLocale] = await Promise.all([
        this.shared.product(context, productId).then(
          (found) => found ?? Promise.reject(new AppError('NOT_FOUND')),
          (cause: unknown) => Promise.reject(catalogFailure(cause)),
        ),
        loadSection(async () => complete(await this.shared.topReviews(context, productId)), []),
        this.profileLocale(context, caller.userId),
      ]);
      return {
        product,
        topReviews: topReviews.value,
        profileLocale,
        degradedSections: failedSections({ topReviews }),
      };
    });
  }

  private async profileLocale(
    context: CallContext,
    userId: string | undefined,
  ): Promise<string | undefined> {
    if (userId === undefined) return undefined;
    try {
      return (await this.users.getUser(context, userId)).locale ?? undefined;
    } catch {
      return undefined; // the page is the same without it, only its prices in another locale
    }
  }
}

/** The catalog could not say what the product is: it timed out, or it is unavailable. */
function catalogFailure(cause: unknown): AppError {
  const timedOut =
    cause instanceof DeadlineExceeded ||
    (cause instanceof DownstreamError && cause.failure === 'timeout');
  return new AppError(
    timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
    undefined,
    undefined,
    {
      cause,
    },
  );
}
