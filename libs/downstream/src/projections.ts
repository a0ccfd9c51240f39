import { isRecord } from './payload';
import type { DownstreamProduct } from './types/catalog';
import type { Image, Money } from './types/common';

/**
 * Whitelists of what the BFF keeps from a payload: the rest (internal fields, fields added later)
 * is dropped on arrival, so it can never reach a cache or a phone. Entries that lack what the
 * mobile contract needs are dropped as malformed (undefined).
 */
export function projectProduct(raw: unknown): DownstreamProduct | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.title !== 'string')
    return undefined;
  const price = projectMoney(raw.price);
  if (!price) return undefined;
  const images = Array.isArray(raw.images)
    ? raw.images.flatMap((image) => projectImage(image) ?? [])
    : [];
  return { id: raw.id, title: raw.title, price, images };
}

function projectMoney(raw: unknown): Money | undefined {
  if (!isRecord(raw) || typeof raw.amount !== 'string' || typeof raw.currency !== 'string')
    return undefined;
  return { amount: raw.amount, currency: raw.currency };
}

const VARIANT_KEY = /^w\d+$/;

function projectImage(raw: unknown): Image | undefined {
  if (!isRecord(raw) || typeof raw.url !== 'string') return undefined;
  const variants = isRecord(raw.variants)
    ? Object.fromEntries(
        Object.entries(raw.variants).filter(
          (entry): entry is [string, string] =>
            VARIANT_KEY.test(entry[0]) && typeof entry[1] === 'string',
        ),
      )
    : {};
  return { url: raw.url, variants };
}

/** Every function that decides what is kept of a product: a change to any of them is a new shape. */
export const PRODUCT_PROJECTION = [projectProduct, projectMoney, projectImage] as const;
