import { MatchersV3 } from '@pact-foundation/pact';
import { withBffClients } from './support/bff-clients';
import {
  BAD_SERVICE_TOKEN,
  bffHeaders,
  image,
  isoTime,
  money,
  NOT_FOUND_BODY,
  PROVIDERS,
  UNAUTHORIZED_BODY,
  USER_ID,
} from './support/contract';
import { describePact } from './support/consumer-pact';

const { decimal, eachLike, integer, like, nullValue } = MatchersV3;

const PRODUCT_ID = 'p-200';
const OTHER_PRODUCT_ID = 'p-201';
const UNKNOWN_PRODUCT_ID = 'p-unknown';
/** iOS home shows 6 and asks for 4 more; product pages show the top 3 reviews. */
const RECOMMENDATIONS = 10;
const TOP_REVIEWS = 3;

/** A product as a card uses it (batch answers). */
const product = (id: unknown = like(PRODUCT_ID)) => ({
  id,
  title: like('Trail shoe'),
  price: money('89.00', 'GBP'),
  images: eachLike(image()),
});

describePact(PROVIDERS.catalog, (pact, interaction) => {
  interaction('GET /recommendations: a user’s ranked product ids', () =>
    pact
      .addInteraction()
      .given(`user ${USER_ID} has recommendations`)
      .uponReceiving('a request for a user’s recommendations')
      .withRequest('GET', '/recommendations', (request) =>
        request
          .query({ userId: USER_ID, limit: String(RECOMMENDATIONS) })
          .headers(bffHeaders({ userId: USER_ID })),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ items: eachLike({ productId: like(PRODUCT_ID) }) }),
      )
      .executeTest((server) =>
        withBffClients('catalog', server.url, async ({ catalog, context }) => {
          const items = await catalog.getRecommendations(context(), USER_ID, RECOMMENDATIONS);
          expect(items).toEqual([{ productId: PRODUCT_ID }]);
        }),
      ),
  );

  interaction('GET /products?ids=: one batch, ids joined with literal commas', () =>
    pact
      .addInteraction()
      .given(`products ${PRODUCT_ID} and ${OTHER_PRODUCT_ID} exist`)
      .uponReceiving('a batch request for two products')
      .withRequest('GET', '/products', (request) =>
        request.query({ ids: `${PRODUCT_ID},${OTHER_PRODUCT_ID}` }).headers(bffHeaders()),
      )
      // The order of a batch answer is not promised, so one product stands for every element.
      .willRespondWith(200, (response) => response.jsonBody({ products: eachLike(product()) }))
      .executeTest((server) =>
        withBffClients('catalog', server.url, async ({ catalog, context }) => {
          const products = await catalog.getProducts(context(), [PRODUCT_ID, OTHER_PRODUCT_ID]);
          expect(products).toHaveLength(1);
          expect(products[0]).toMatchObject({ id: PRODUCT_ID, price: { currency: 'GBP' } });
        }),
      ),
  );

  interaction('GET /products/{id}: one product, for its detail page', () =>
    pact
      .addInteraction()
      .given(`product ${PRODUCT_ID} exists`)
      .uponReceiving('a request for a product')
      .withRequest('GET', `/products/${PRODUCT_ID}`, (request) => request.headers(bffHeaders()))
      .willRespondWith(200, (response) =>
        response.jsonBody({
          ...product(PRODUCT_ID),
          subtitle: like('Trail shoe for every season'),
          description: like('Built for long days outside.'),
          brand: like('Acme'),
          compareAtPrice: nullValue(),
          inventory: { availableQuantity: integer(14) },
          rating: { average: decimal(4.4), count: integer(312) },
        }),
      )
      .executeTest((server) =>
        withBffClients('catalog', server.url, async ({ catalog, context }) => {
          const detail = await catalog.getProduct(context(), PRODUCT_ID);
          expect(detail).toMatchObject({
            id: PRODUCT_ID,
            brand: 'Acme',
            inventory: { availableQuantity: 14 },
            rating: { average: 4.4, count: 312 },
          });
        }),
      ),
  );

  interaction('GET /products/{id}: 404 for an unknown product', () =>
    pact
      .addInteraction()
      .given(`product ${UNKNOWN_PRODUCT_ID} does not exist`)
      .uponReceiving('a request for an unknown product')
      .withRequest('GET', `/products/${UNKNOWN_PRODUCT_ID}`, (request) =>
        request.headers(bffHeaders()),
      )
      .willRespondWith(404, (response) => response.jsonBody(NOT_FOUND_BODY))
      .executeTest((server) =>
        withBffClients('catalog', server.url, async ({ catalog, context }) => {
          await expect(catalog.getProduct(context(), UNKNOWN_PRODUCT_ID)).rejects.toMatchObject({
            failure: 'not_found',
            status: 404,
          });
        }),
      ),
  );

  interaction('GET /products/{id}/reviews: a product’s top reviews', () =>
    pact
      .addInteraction()
      .given(`product ${PRODUCT_ID} has reviews`)
      .uponReceiving('a request for a product’s first reviews')
      .withRequest('GET', `/products/${PRODUCT_ID}/reviews`, (request) =>
        request.query({ limit: String(TOP_REVIEWS) }).headers(bffHeaders()),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          reviews: eachLike({
            reviewId: like('r-200-1'),
            rating: integer(4),
            title: like('Love it'),
            body: like('4 stars. Would buy again.'),
            authorDisplayName: like('Sam K.'),
            createdAt: isoTime('2026-11-19T08:00:00Z'),
          }),
        }),
      )
      .executeTest((server) =>
        withBffClients('catalog', server.url, async ({ catalog, context }) => {
          const reviews = await catalog.getReviews(context(), PRODUCT_ID, TOP_REVIEWS);
          expect(reviews).toEqual([expect.objectContaining({ reviewId: 'r-200-1', rating: 4 })]);
        }),
      ),
  );

  interaction('GET /products?ids=: 401 for a wrong service token', () =>
    pact
      .addInteraction()
      .given(`products ${PRODUCT_ID} and ${OTHER_PRODUCT_ID} exist`)
      .uponReceiving('a batch request for products with a wrong service token')
      .withRequest('GET', '/products', (request) =>
        request
          .query({ ids: `${PRODUCT_ID},${OTHER_PRODUCT_ID}` })
          .headers(bffHeaders({ token: BAD_SERVICE_TOKEN })),
      )
      .willRespondWith(401, (response) => response.jsonBody(UNAUTHORIZED_BODY))
      .executeTest((server) =>
        withBffClients(
          'catalog',
          server.url,
          async ({ catalog, context }) => {
            await expect(
              catalog.getProducts(context(), [PRODUCT_ID, OTHER_PRODUCT_ID]),
            ).rejects.toMatchObject({ failure: 'rejected', status: 401 });
          },
          BAD_SERVICE_TOKEN,
        ),
      ),
  );
});
