import { LRUCache } from 'lru-cache';
import { DEFAULT_LOCALE } from './price-format';

/**
 * Accept-Language is written by whoever calls a public route: only this many of its tags are
 * read, and only tags of a sane length (RFC 5646 asks implementations to handle 35 characters).
 */
const MAX_ACCEPTED_TAGS = 10;
const MAX_TAG_LENGTH = 35;
/** Resolving a tag costs ~40 µs (it builds a formatter); the answers are kept, within bounds. */
const RESOLVED = new LRUCache<string, { locale: string | undefined }>({ max: 1_000 });

/**
 * The locale prices are printed in: the profile's, when the caller is signed in and it names a
 * locale Intl formats; else the caller's most preferred Accept-Language tag that does; else en-US.
 * Whatever is asked, only a locale ICU actually has data for comes out (`en-ZZ` is `en`,
 * `de-DE-u-nu-arab` is `de-DE`), so the formatters cached per locale stay few.
 */
export function priceLocale(
  profileLocale: string | null | undefined,
  acceptLanguage: string | undefined,
): string {
  const candidates = [...(profileLocale ? [profileLocale] : []), ...acceptedTags(acceptLanguage)];
  for (const tag of candidates) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * The tags of an Accept-Language header, most preferred first (by `q`, ties in the order sent);
 * `*`, `q=0` and anything unreadable are left out. A malformed header is no error: it says nothing.
 */
export function acceptedTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',', MAX_ACCEPTED_TAGS)
    .map((entry) => {
      const [tag, ...parameters] = entry.split(';').map((part) => part.trim());
      const q = parameters.find((parameter) => /^q=/i.test(parameter));
      return { tag, weight: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter(({ tag, weight }) => tag !== '*' && tag.length <= MAX_TAG_LENGTH && weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map(({ tag }) => tag);
}

/** The locale Intl formats numbers with for `tag`; undefined when it is malformed or unknown. */
export function supportedLocale(tag: string): string | undefined {
  let resolved = RESOLVED.get(tag);
  if (!resolved) {
    resolved = { locale: resolveLocale(tag) };
    RESOLVED.set(tag, resolved);
  }
  return resolved.locale;
}

/** Canonical, without extensions (`-u-nu-…` would change the digits), as ICU resolves it. */
export function resolveLocale(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical === undefined) return undefined;
    const { baseName } = new Intl.Locale(canonical);
    if (Intl.NumberFormat.supportedLocalesOf(baseName).length === 0) return undefined;
    return new Intl.NumberFormat(baseName).resolvedOptions().locale;
  } catch {
    return undefined; // not a BCP 47 tag
  }
}
