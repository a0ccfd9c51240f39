import { LRUCache } from 'lru-cache';
import type { Money } from '@app/downstream';

/** The locale of a reader who did not say (the mobile contract's default). */
export const DEFAULT_LOCALE = 'en-US';
/**
 * Bounded: locales come from profiles and, on public screens, from request headers, and currency
 * codes from services; none of them may grow the process without limit.
 */
const formatters = new LRUCache<string, Intl.NumberFormat>({ max: 1_000 });

/**
 * The money's own currency (never converted) in the reader's locale, exactly as
 * Intl.NumberFormat prints it: `£89.00` (en-GB), `89,00 £` (de-DE), `￥12,000` (ja-JP).
 * Formatters are cached: building one costs far more than using it.
 */
export function formatPrice(money: Money, locale: string): string {
  const formatter = formatterFor(locale, money.currency);
  if (!formatter || !DECIMAL.test(money.amount)) return `${money.amount} ${money.currency}`;
  // The decimal string itself, not a float: Intl keeps every digit of a large amount.
  return formatter.format(money.amount as `${number}`);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function formatterFor(locale: string, currency: string): Intl.NumberFormat | undefined {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = createFormatter(locale, currency) ?? createFormatter(DEFAULT_LOCALE, currency);
    if (!formatter) return undefined;
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Undefined when the locale or currency code is not one Intl knows (downstream data is untrusted). */
export function createFormatter(locale: string, currency: string): Intl.NumberFormat | undefined {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return undefined;
  }
}
