import Ajv, { JSONSchemaType, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';

/**
 * One Ajv for every downstream payload. `removeAdditional: 'all'` makes each schema a whitelist:
 * whatever it does not name (internal fields, fields added later) is deleted on arrival, so it
 * can never reach a cache or a phone. No type coercion: `"2"` is not a quantity. Defaults fill
 * what the contract lets a service leave out (an absent or null list is an empty one).
 */
const ajv = addFormats(
  new Ajv({ removeAdditional: 'all', coerceTypes: false, useDefaults: 'empty' }),
  ['date-time'],
);

export type Validator<T> = ValidateFunction<T>;

export function compileSchema<T>(schema: JSONSchemaType<T>): Validator<T> {
  return ajv.compile(schema);
}

/**
 * An answer that wraps a list (`{ "products": [...] }`): checked as a whole here, its elements
 * one by one afterwards, so one malformed element does not fail the rest.
 */
export function listEnvelope<Key extends string, Extra = unknown>(
  key: Key,
  extra: Record<string, object> = {},
): Validator<Record<Key, unknown[]> & Extra> {
  return ajv.compile<Record<Key, unknown[]> & Extra>({
    type: 'object',
    properties: { [key]: { type: 'array' }, ...extra },
    required: [key],
  });
}

/** A short hash of what a schema keeps: a cache of validated payloads is keyed by it. */
export function schemaVersion(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 12);
}
