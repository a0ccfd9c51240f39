import { Injectable } from '@nestjs/common';
import type { CallContext } from '../call-context';
import { DownstreamHttp } from '../downstream-http';
import { entriesWithStrings, expectArray, expectRecord } from '../payload';
import { projectProduct } from '../projections';
import type { DownstreamProduct, Recommendation } from '../types/catalog';

/** The catalog's batch endpoint takes at most this many ids per call. */
export const MAX_BATCH_IDS = 50;

@Injectable()
export class CatalogClient {
  constructor(private readonly http: DownstreamHttp) {}

  async getRecommendations(
    context: CallContext,
    userId: string,
    limit: number,
  ): Promise<Recommendation[]> {
    const body = expectRecord(
      'catalog',
      await this.http.getJson('catalog', context, {
        path: '/recommendations',
        query: { userId, limit },
        userId,
      }),
    );
    return entriesWithStrings<Recommendation>(expectArray('catalog', body.items), ['productId']);
  }

  /** One batch call for up to 50 ids; unknown ids are simply absent from the result. */
  async getProducts(context: CallContext, ids: readonly string[]): Promise<DownstreamProduct[]> {
    if (ids.length === 0) return [];
    const body = expectRecord(
      'catalog',
      await this.http.getJson('catalog', context, {
        // Literal commas, as the contract writes it: a catalog may split the raw query string.
        path: `/products?ids=${ids.slice(0, MAX_BATCH_IDS).map(encodeURIComponent).join(',')}`,
      }),
    );
    return expectArray('catalog', body.products).flatMap((raw) => projectProduct(raw) ?? []);
  }
}
