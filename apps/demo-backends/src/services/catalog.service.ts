import type { FastifyInstance } from 'fastify';
import { DownstreamProduct, findProduct, findReviews } from '../data/catalog';
import {
  MAX_RECOMMENDATIONS,
  RECOMMENDATION_MODEL_VERSION,
  findRecommendations,
} from '../data/recommendations';
import { FUTURE_FIELD } from '../sentinels';
import { BadRequest, Query, intParam, notFound, queryParam, requiredParam } from '../http';

export const MAX_BATCH_IDS = 50;

export function registerCatalogRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: Query }>('/products', (request) => {
    const ids = parseIds(queryParam(request.query, 'ids'));
    const products = ids
      .map((id) => findProduct(id))
      .filter((product): product is DownstreamProduct => product !== undefined)
      // The contract does not promise any order: answering in reverse keeps the BFF honest.
      .reverse();
    return { products, ...FUTURE_FIELD };
  });

  app.get<{ Params: { productId: string } }>('/products/:productId', (request, reply) => {
    const product = findProduct(request.params.productId);
    return product === undefined ? notFound(reply) : product;
  });

  app.get<{ Params: { productId: string }; Querystring: Query }>(
    '/products/:productId/reviews',
    (request, reply) => {
      const reviews = findReviews(request.params.productId);
      if (reviews === undefined) return notFound(reply);
      const limit = intParam(request.query, 'limit', { min: 1, max: 50, fallback: 10 });
      return { reviews: reviews.slice(0, limit), total: reviews.length, ...FUTURE_FIELD };
    },
  );

  app.get<{ Querystring: Query }>('/recommendations', (request, reply) => {
    const items = findRecommendations(requiredParam(request.query, 'userId'));
    if (items === undefined) return notFound(reply);
    const limit = intParam(request.query, 'limit', {
      min: 1,
      max: MAX_RECOMMENDATIONS,
      fallback: 10,
    });
    return {
      items: items.slice(0, limit),
      modelVersion: RECOMMENDATION_MODEL_VERSION,
      ...FUTURE_FIELD,
    };
  });
}

function parseIds(raw: string | undefined): string[] {
  if (raw === undefined) throw new BadRequest('ids is required');
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
  if (ids.length > MAX_BATCH_IDS) throw new BadRequest(`at most ${MAX_BATCH_IDS} ids per call`);
  return ids;
}
