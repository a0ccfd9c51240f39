import { Injectable } from '@nestjs/common';
import { projectionVersion, TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import { CallContext, CatalogClient, DownstreamProduct, PRODUCT_PROJECTION } from '@app/downstream';

/** Any change to what is kept of a product starts a new keyspace. */
const PRODUCT_SCHEMA = projectionVersion(...PRODUCT_PROJECTION);
/** A product a little out of date beats an empty row while the catalog is down. */
const STALE_IF_ERROR_MS = 60 * 60 * 1000;

/**
 * Products by id, shared by every user (`shared:product:<schema>:<id>`): cached ones come from
 * the cache, all the others from ONE batch catalog call.
 */
@Injectable()
export class CatalogProducts {
  constructor(
    private readonly catalog: CatalogClient,
    private readonly cache: TieredCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  byIds(context: CallContext, ids: readonly string[]): Promise<Map<string, DownstreamProduct>> {
    return this.cache.getManyOrLoad(
      ids,
      (id) => `shared:product:${PRODUCT_SCHEMA}:${encodeURIComponent(id)}`,
      async (missing) =>
        new Map(
          (await this.catalog.getProducts(context, missing)).map((product) => [
            product.id,
            product,
          ]),
        ),
      { ttlMs: this.config.cache.productTtlMs, staleIfErrorMs: STALE_IF_ERROR_MS },
    );
  }
}
