import Ajv, { JSONSchemaType, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';

/**
 * One Ajv for every downstream payload: it checks the fields a schema names and their types (no
 * coercion: `"2"` is not a quantity) and ignores the others. Defaults fill what the contract lets
 * a service leave out (an absent or null list is an empty one).
 */
const ajv = addFormats(
  new Ajv({ coerceTypes: false, useDefaults: 'empty', allowUnionTypes: true }),
  ['date-time'],
);

export type Validator<T> = ValidateFunction<T>;

/** A payload as the BFF keeps it, or undefined when it breaks the contract. */
export type PayloadReader<T> = (value: unknown) => T | undefined;

/**
 * Validates a payload, then copies what the schema names into new objects: a whitelist, so that
 * internal fields and fields added later never reach a cache or a phone, and so that the large
 * parsed answer is garbage at once while only the small copy lives on (less memory held by
 * requests in flight, less for the garbage collector to move).
 */
export function payloadReader<T>(schema: JSONSchemaType<T>): PayloadReader<T> {
  const validate = ajv.compile(schema);
  const project = projection(schema as SchemaNode);
  return (value) => (validate(value) ? (project(value) as T) : undefined);
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

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

type Project = (value: unknown) => unknown;

/** The copy function for a schema, built once: it only ever sees values the schema validated. */
function projection(schema: SchemaNode): Project {
  if (schema.properties || schema.patternProperties) return objectProjection(schema);
  if (schema.items) {
    const item = projection(schema.items);
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  return (value) => value;
}

function objectProjection(schema: SchemaNode): Project {
  const fields = Object.entries(schema.properties ?? {}).map(
    ([key, child]) => [key, projection(child)] as const,
  );
  const patterns = Object.entries(schema.patternProperties ?? {}).map(
    ([pattern, child]) => [new RegExp(pattern, 'u'), projection(child)] as const,
  );
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, project] of fields) {
      if (source[key] !== undefined) copy[key] = project(source[key]);
    }
    if (patterns.length === 0) return copy;
    for (const key of Object.keys(source)) {
      const pattern = patterns.find(([matcher]) => matcher.test(key));
      if (pattern && !(key in copy)) copy[key] = pattern[1](source[key]);
    }
    return copy;
  };
}

/** A short hash of what a schema keeps: a cache of validated payloads is keyed by it. */
export function schemaVersion(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 12);
}
