export const CURRENCIES = ['GBP', 'EUR', 'USD', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  amount: string;
  currency: string;
}

const FRACTION_DIGITS: Record<Currency, number> = { GBP: 2, EUR: 2, USD: 2, JPY: 0 };

/** How many minor units of each currency one "base" penny is worth, so prices look plausible. */
const PER_BASE_PENNY: Record<Currency, number> = { GBP: 1, EUR: 1.15, USD: 1.27, JPY: 1.9 };

/** Money from an amount in minor units (pence, cents, yen). */
export function money(minorUnits: number, currency: Currency): Money {
  const digits = FRACTION_DIGITS[currency];
  return { amount: (minorUnits / 10 ** digits).toFixed(digits), currency };
}

/**
 * A base price in pence expressed in `currency`, in minor units, rounded to a "shelf" price:
 * x.99 / x.00 style for decimal currencies and whole hundreds of yen for JPY.
 */
export function shelfPrice(basePence: number, currency: Currency): number {
  return roundToShelf(basePence * PER_BASE_PENNY[currency], currency);
}

/** Rounds an amount in minor units to x.99 (decimal currencies) or whole hundreds (JPY). */
export function roundToShelf(minorUnits: number, currency: Currency): number {
  if (currency === 'JPY') return Math.max(100, Math.round(minorUnits / 100) * 100);
  return Math.max(99, Math.round(minorUnits / 100) * 100 - 1);
}
