const USER_ID = /^u-(\d{1,18})$/;
const PRODUCT_ID = /^p-(\d{3})$/;

export const FIRST_PRODUCT_NUMBER = 100;
export const LAST_PRODUCT_NUMBER = 399;
/** Recommended to every user but unknown to the catalog: the BFF must drop it. */
export const UNKNOWN_PRODUCT_ID = 'p-999';

/** Any `u-<digits>` exists (up to 18 digits); returns the digits, or undefined for other ids. */
export function userDigits(userId: string): string | undefined {
  return USER_ID.exec(userId)?.[1];
}

/** Remainder of the user's number modulo `divisor` (exact even for long digit strings). */
export function userNumberMod(digits: string, divisor: number): number {
  return Number(BigInt(digits) % BigInt(divisor));
}

/** `p-100`..`p-399` exist; returns the number, or undefined for any other id. */
export function productNumber(productId: string): number | undefined {
  const match = PRODUCT_ID.exec(productId);
  if (!match) return undefined;
  const n = Number(match[1]);
  return n >= FIRST_PRODUCT_NUMBER && n <= LAST_PRODUCT_NUMBER ? n : undefined;
}

export function productId(n: number): string {
  return `p-${n}`;
}

export const PRODUCT_COUNT = LAST_PRODUCT_NUMBER - FIRST_PRODUCT_NUMBER + 1;
