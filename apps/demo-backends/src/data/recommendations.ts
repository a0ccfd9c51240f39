import { FUTURE_FIELD } from '../sentinels';
import {
  FIRST_PRODUCT_NUMBER,
  PRODUCT_COUNT,
  UNKNOWN_PRODUCT_ID,
  productId,
  userDigits,
} from './ids';
import { memoize, pick, seededRandom } from './random';

export const RECOMMENDATION_MODEL_VERSION = 'reco-2026.11.3';
export const MAX_RECOMMENDATIONS = 50;
/** Where the catalog-unknown product sits in every user's list (0-based: the third item). */
export const UNKNOWN_PRODUCT_POSITION = 2;

export interface DownstreamRecommendation {
  productId: string;
  score: number;
  reason: string;
  modelVersion: string;
  experimentBucket: string;
  x_future_internal: string;
}

const REASONS = ['BOUGHT_TOGETHER', 'SIMILAR_ITEMS', 'TRENDING_NEAR_YOU', 'BACK_IN_STOCK'];

function buildRecommendations(userId: string): DownstreamRecommendation[] | undefined {
  if (userDigits(userId) === undefined) return undefined;
  const random = seededRandom(`reco:${userId}`);
  const ids: string[] = [];
  const seen = new Set<string>();
  while (ids.length < MAX_RECOMMENDATIONS - 1) {
    const id = productId(FIRST_PRODUCT_NUMBER + Math.floor(random() * PRODUCT_COUNT));
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  ids.splice(UNKNOWN_PRODUCT_POSITION, 0, UNKNOWN_PRODUCT_ID);
  const bucket = random() > 0.5 ? 'A' : 'B';
  return ids.map((id, i) => ({
    productId: id,
    // Strictly decreasing: the list is in score order.
    score: Math.round((0.98 - i * 0.015) * 1000) / 1000,
    reason: pick(REASONS, random),
    modelVersion: RECOMMENDATION_MODEL_VERSION,
    experimentBucket: bucket,
    ...FUTURE_FIELD,
  }));
}

/** A user's full ranked list (50 items), or undefined for an id not of the form `u-<digits>`. */
export const findRecommendations = memoize(10_000, buildRecommendations);
