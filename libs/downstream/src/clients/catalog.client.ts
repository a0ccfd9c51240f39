import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamError } from '../downstream-error';
import { DownstreamEvents, DroppedElements } from '../downstream-events';
import {
  DownstreamProduct,
  isProductList,
  isRecommendationList,
  readProduct,
  readRecommendation,
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
}
