import { Injectable } from '@nestjs/common';
import { ManyRead, TieredCache } from '@app/cache';
import { AppConfig, InjectConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  DownstreamProduct,
  PRODUCT_SCHEMA_VERSION,
} from '@app/downstream';

/** A product a little out of date beats an empty row while the catalog is down. */
const STALE_IF_ERROR_MS = 60 * 60 * 1000;

/**
 * Products by id, shared by every user (`shared:product:<schema>:<id>`): cached ones come from
 * the cache, all the others from ONE batch catalog call. `complete` is false when that call
 * failed, whatever cached products are returned beside it.
 */
@Injectable()
export class CatalogProducts {
  constructor(
    private readonly catalog: CatalogClient,
    private readonly cache: TieredCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  byIds(context: CallContext, ids: readonly string[]): Promise<ManyRead<DownstreamProduct>> {
    return this.cache.getManyOrLoad(
      ids,
      (id) => `shared:product:${PRODUCT_SCHEMA_VERSION}:${encodeURIComponent(id)}`,
      async (missing, signal) =>
        new Map(
          (await this.catalog.getProducts({ ...context, signal }, missing)).map((product) => [
            product.id,
            product,
          ]),
        ),
      { ttlMs: this.config.cache.productTtlMs, staleIfErrorMs: STALE_IF_ERROR_MS },
      context.signal,
    );
  }
}
