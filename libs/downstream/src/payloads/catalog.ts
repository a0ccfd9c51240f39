import type { JSONSchemaType } from 'ajv';
import { IMAGE, Image, MONEY, Money } from './common';
import { listEnvelope, payloadReader, schemaVersion } from './schema';

/** What the BFF keeps of a catalog product (shared by every user, so cached for everyone). */
export interface DownstreamProduct {
  id: string;
  title: string;
  price: Money;
  images: Image[];
}

export interface Recommendation {
  productId: string;
}

const PRODUCT: JSONSchemaType<DownstreamProduct> = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    price: MONEY,
    images: { type: 'array', items: IMAGE, default: [] },
  },
  required: ['id', 'title', 'price'],
};

const RECOMMENDATION: JSONSchemaType<Recommendation> = {
  type: 'object',
  properties: { productId: { type: 'string', minLength: 1 } },
  required: ['productId'],
};

export const readProduct = payloadReader(PRODUCT);
export const readRecommendation = payloadReader(RECOMMENDATION);
export const isProductList = listEnvelope('products');
export const isRecommendationList = listEnvelope('items');

/** Changes whenever what is kept of a product changes: a new keyspace for cached products. */
export const PRODUCT_SCHEMA_VERSION = schemaVersion(PRODUCT);
