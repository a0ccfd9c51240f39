import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamEvents, DroppedElements } from '../downstream-events';
import {
  DownstreamProduct,
  DownstreamProductDetail,
  DownstreamReview,
  isProductList,
  isRecommendationList,
  isReviewList,
  readProduct,
  readProductDetail,
  readRecommendation,
  readReview,
  Recommendation,
} from '../payloads/catalog';
import { keepValid } from '../payloads/list';
import { DownstreamHttp } from '../transport/downstream-http';

/** The catalog's batch endpoint takes at most this many ids per call. */
export const MAX_BATCH_IDS = 50;

@Injectable()
export class CatalogClient {
  private readonly report = (dropped: DroppedElements) => this.events.elementsDropped(dropped);

  constructor(
    private readonly http: DownstreamHttp,
    private readonly events: DownstreamEvents,
  ) {}

  async getRecommendations(
    context: CallContext,
    userId: string,
    limit: number,
  ): Promise<Recommendation[]> {
    const body = await this.http.getJson('catalog', context, {
      path: '/recommendations',
      query: { userId, limit },
      userId,
    });
    if (!isRecommendationList(body)) throw new DownstreamError('catalog', 'bad_response');
    return keepValid(body.items, readRecommendation, this.report, {
      service: 'catalog',
      element: 'recommendation',
    });
  }

  /** One batch call for up to 50 ids; unknown ids are simply absent from the result. */
  async getProducts(context: CallContext, ids: readonly string[]): Promise<DownstreamProduct[]> {
    if (ids.length === 0) return [];
    const body = await this.http.getJson('catalog', context, {
      // Literal commas, as the contract writes it: a catalog may split the raw query string.
      path: `/products?ids=${ids.slice(0, MAX_BATCH_IDS).map(encodeURIComponent).join(',')}`,
    });
    if (!isProductList(body)) throw new DownstreamError('catalog', 'bad_response');
    return keepValid(body.products, readProduct, this.report, {
      service: 'catalog',
      element: 'product',
    });
  }

  /** One product for its detail page; an unknown id is a `not_found` DownstreamError. */
  async getProduct(context: CallContext, productId: string): Promise<DownstreamProductDetail> {
    const body = await this.http.getJson('catalog', context, {
      path: `/products/${encodeURIComponent(productId)}`,
    });
    const product = readProductDetail(body);
    if (!product || product.id !== productId) throw new DownstreamError('catalog', 'bad_response');
    return product;
  }

  /** A product's first `limit` reviews, malformed ones left out (and counted). */
  async getReviews(
    context: CallContext,
    productId: string,
    limit: number,
  ): Promise<DownstreamReview[]> {
    const body = await this.http.getJson('catalog', context, {
      path: `/products/${encodeURIComponent(productId)}/reviews`,
      query: { limit },
    });
    if (!isReviewList(body)) throw new DownstreamError('catalog', 'bad_response');
    return keepValid(body.reviews, readReview, this.report, {
      service: 'catalog',
      element: 'review',
    });
  }
}
