import { CachePolicy, ManyRead, TieredCache } from '@app/cache';
import { loadConfig } from '@app/config';
import {
  CallContext,
  CatalogClient,
  Deadline,
  DownstreamProduct,
  PRODUCT_SCHEMA_VERSION,
} from '@app/downstream';
import { CatalogProducts } from './catalog-products';

const product = (id: string): DownstreamProduct => ({
  id,
  title: `Product ${id}`,
  price: { amount: '10.00', currency: 'EUR' },
  images: [],
});

/** Records what it was asked and runs the batch loader once, under a signal of its own. */
class FakeTieredCache implements Pick<TieredCache, 'getManyOrLoad'> {
  readonly flight = new AbortController();
  ids: readonly string[] = [];
  keys: string[] = [];
  policy?: CachePolicy<unknown>;
  caller?: AbortSignal;
  /** When set, returned instead of what the loader found. */
  answer?: ManyRead<unknown>;

  async getManyOrLoad<T>(
    ids: readonly string[],
    keyOf: (id: string) => string,
    loadMissing: (ids: string[], signal: AbortSignal) => Promise<ReadonlyMap<string, T>>,
    policy: CachePolicy<T>,
    caller?: AbortSignal,
  ): Promise<ManyRead<T>> {
    this.ids = ids;
    this.keys = ids.map(keyOf);
    this.policy = policy as CachePolicy<unknown>;
    this.caller = caller;
    if (this.answer) return this.answer as ManyRead<T>;
    return { values: new Map(await loadMissing([...ids], this.flight.signal)), complete: true };
  }
}

/** Knows some products; records the context and ids of every batch call. */
class FakeCatalog implements Pick<CatalogClient, 'getProducts'> {
  readonly calls: Array<{ context: CallContext; ids: readonly string[] }> = [];

  constructor(private readonly known: readonly string[]) {}

  getProducts(context: CallContext, ids: readonly string[]): Promise<DownstreamProduct[]> {
    this.calls.push({ context, ids });
    return Promise.resolve(ids.filter((id) => this.known.includes(id)).map(product));
  }
}

describe(CatalogProducts.name, () => {
  const screen = new AbortController();
  const context: CallContext = {
    request: { requestId: 'req-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' },
    deadline: Deadline.after(700),
    signal: screen.signal,
  };

  function make(known: readonly string[] = ['p1', 'p2'], env: Record<string, string> = {}) {
    const cache = new FakeTieredCache();
    const catalog = new FakeCatalog(known);
    const client: Pick<CatalogClient, 'getProducts'> = catalog;
    const tiered: Pick<TieredCache, 'getManyOrLoad'> = cache;
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    const products = new CatalogProducts(client as CatalogClient, tiered as TieredCache, config);
    return { products, cache, catalog };
  }

  it('keys every id as shared:product:<schema version>:<encoded id>', async () => {
    const { products, cache } = make();
    await products.byIds(context, ['p1', 'a/b c?', 'é']);
    expect(PRODUCT_SCHEMA_VERSION).toEqual(expect.any(String));
    expect(cache.ids).toEqual(['p1', 'a/b c?', 'é']);
    expect(cache.keys).toEqual([
      `shared:product:${PRODUCT_SCHEMA_VERSION}:p1`,
      `shared:product:${PRODUCT_SCHEMA_VERSION}:a%2Fb%20c%3F`,
      `shared:product:${PRODUCT_SCHEMA_VERSION}:%C3%A9`,
    ]);
  });

  it("passes the caller's signal, so the read stops when the screen gives up", async () => {
    const { products, cache } = make();
    await products.byIds(context, ['p1']);
    expect(cache.caller).toBe(screen.signal);
  });

  it('caches products for the configured product TTL, served stale while the catalog fails', async () => {
    const { products, cache } = make(['p1'], { CACHE_PRODUCT_TTL_MS: '12345' });
    await products.byIds(context, ['p1']);
    expect(cache.policy?.ttlMs).toBe(12_345);
    expect(cache.policy?.staleIfErrorMs).toBeGreaterThan(0);
  });

  it("loads the missing ids in ONE catalog call, under the flight's signal", async () => {
    const { products, cache, catalog } = make(['p1', 'p2']);
    await products.byIds(context, ['p1', 'ghost', 'p2']);
    expect(catalog.calls).toHaveLength(1);
    const [call] = catalog.calls;
    expect(call.ids).toEqual(['p1', 'ghost', 'p2']);
    expect(call.context.signal).toBe(cache.flight.signal);
    expect(call.context.signal).not.toBe(screen.signal);
    expect(call.context.request).toBe(context.request);
    expect(call.context.deadline).toBe(context.deadline);
  });

  it('returns the products by id, leaving out those the catalog does not know', async () => {
    const { products } = make(['p1', 'p2']);
    const read = await products.byIds(context, ['p2', 'ghost', 'p1']);
    expect(read.complete).toBe(true);
    expect(Object.fromEntries(read.values)).toEqual({ p1: product('p1'), p2: product('p2') });
  });

  it('returns the cache read as it is, an incomplete one included', async () => {
    const { products, cache, catalog } = make();
    const cached: ManyRead<DownstreamProduct> = {
      values: new Map([['p1', product('p1')]]),
      complete: false,
    };
    cache.answer = cached;
    await expect(products.byIds(context, ['p1', 'p2'])).resolves.toBe(cached);
    expect(catalog.calls).toHaveLength(0);
  });
});
