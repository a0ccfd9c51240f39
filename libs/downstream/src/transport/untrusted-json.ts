import { parse as parseSecureJson } from 'secure-json-parse';

/**
 * Keys that would reach a prototype are dropped like any field the BFF does not know, rather than
 * failing the answer: the rest of it is as good as without them.
 */
const PROTOTYPE_KEYS_REMOVED = { protoAction: 'remove', constructorAction: 'remove' } as const;

/**
 * Whether a text may hold a `__proto__` or `constructor` key. JSON can spell a letter only as
 * itself or as a `\u` escape, so a text with neither the two words nor a `\u` holds no such key.
 * Three native substring searches cost a fraction of secure-json-parse's two pattern scans.
 */
function mayHoldPrototypeKeys(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

/** A service's JSON answer, parsed once; throws on malformed text. */
export function parseUntrustedJson(text: string): unknown {
  return mayHoldPrototypeKeys(text)
    ? parseSecureJson(text, null, PROTOTYPE_KEYS_REMOVED)
    : JSON.parse(text);
}
