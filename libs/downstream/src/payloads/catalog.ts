import type { JSONSchemaType } from 'ajv';
import { IMAGE, Image, MONEY, Money, TIMESTAMP } from './common';
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

/** What the BFF keeps of a product for its detail page (shared by every user, cached for all). */
export interface DownstreamProductDetail extends DownstreamProduct {
  subtitle?: string | null;
  description?: string | null;
  brand?: string | null;
  compareAtPrice?: Money | null;
  /** Only how many can be sold: reservations and warehouses are internal. */
  inventory?: { availableQuantity: number } | null;
  rating?: { average: number; count: number } | null;
}

export interface DownstreamReview {
  reviewId: string;
  rating: number;
  title?: string | null;
  body?: string | null;
  authorDisplayName?: string | null;
  createdAt: string;
}

const OPTIONAL_TEXT = { type: 'string', nullable: true } as const;

const PRODUCT_DETAIL: JSONSchemaType<DownstreamProductDetail> = {
  type: 'object',
  properties: {
    ...PRODUCT.properties!,
    subtitle: OPTIONAL_TEXT,
    description: OPTIONAL_TEXT,
    brand: OPTIONAL_TEXT,
    compareAtPrice: { ...MONEY, nullable: true },
    inventory: {
      type: 'object',
      properties: { availableQuantity: { type: 'integer' } },
      required: ['availableQuantity'],
      nullable: true,
    },
    rating: {
      type: 'object',
      properties: {
        average: { type: 'number', minimum: 0, maximum: 5 },
        count: { type: 'integer', minimum: 0 },
      },
      required: ['average', 'count'],
      nullable: true,
    },
  },
  required: ['id', 'title', 'price'],
};

const REVIEW: JSONSchemaType<DownstreamReview> = {
  type: 'object',
  properties: {
    reviewId: { type: 'string', minLength: 1 },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    title: OPTIONAL_TEXT,
    body: OPTIONAL_TEXT,
    authorDisplayName: OPTIONAL_TEXT,
    createdAt: TIMESTAMP,
  },
  required: ['reviewId', 'rating', 'createdAt'],
};

export const readProductDetail = payloadReader(PRODUCT_DETAIL);
export const readReview = payloadReader(REVIEW);
export const isReviewList = listEnvelope('reviews');

/** The keyspace of cached product details and reviews changes with what is kept of them. */
export const PRODUCT_DETAIL_SCHEMA_VERSION = schemaVersion({ PRODUCT_DETAIL, REVIEW });
