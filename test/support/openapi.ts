import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORMS, Platform } from './routes';

type Schema = Record<string, unknown>;
type Operation = {
  responses: Record<
    string,
    { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }
  >;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: Schema;
}

/** Where a platform's committed document lives (what the drift test holds the served one to). */
export const documentPath = (platform: Platform): string =>
  join(__dirname, '..', '..', 'docs', 'openapi', `${platform}.json`);

const documents = new Map<Platform, OpenApiDocument>();

export function committedDocument(platform: Platform): OpenApiDocument {
  let document = documents.get(platform);
  if (!document) {
    document = JSON.parse(readFileSync(documentPath(platform), 'utf8')) as OpenApiDocument;
    documents.set(platform, document);
  }
  return document;
}

/**
 * OpenAPI 3.0 schemas as JSON Schema: every object schema closed, so a field the document does not
 * declare fails, and `nullable` read as "or null" (also beside an `allOf` reference).
 */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const copy = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, closed(value)]));
  const shut = 'properties' in copy ? { ...copy, additionalProperties: false } : copy;
  return nullable === true ? { anyOf: [{ type: 'null' }, shut] } : shut;
}

const ajvs = new Map<Platform, Ajv>();
const validators = new Map<string, ValidateFunction>();

function ajvFor(platform: Platform): Ajv {
  let ajv = ajvs.get(platform);
  if (!ajv) {
    ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    ajv.addSchema({ components: closed(committedDocument(platform).components) }, 'openapi');
    ajvs.set(platform, ajv);
  }
  return ajv;
}

/** The platform and document path a request path answers to; undefined off the documents. */
export function documentedRoute(path: string): { platform: Platform; route: string } | undefined {
  const pathname = path.split('?')[0];
  const platform = PLATFORMS.find((name) => pathname.startsWith(`/${name}/`));
  if (!platform) return undefined;
  const route = Object.keys(committedDocument(platform).paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  );
  return route ? { platform, route } : undefined;
}

/**
 * What is wrong with an answer by its platform's document: an undocumented status, a documented
 * header missing, or a body its schema does not describe. Empty when the document describes it;
 * undefined off the documents.
 */
export function undocumented(
  method: string,
  path: string,
  answer: { status: number; headers: Record<string, unknown>; body: unknown },
): string[] | undefined {
  const { status, body } = answer;
  const found = documentedRoute(path);
  if (!found) return undefined;
  const operation = committedDocument(found.platform).paths[found.route][method.toLowerCase()];
  // A method the route does not serve (405, or 413 while reading its body) is outside the document.
  if (!operation) return undefined;
  const response = operation.responses[String(status)];
  if (!response) return [`${method} ${found.route} does not document status ${status}`];
  const key = `${found.platform} ${method} ${found.route} ${status}`;
  const missing = Object.keys(response.headers ?? {})
    .filter((name) => answer.headers[name.toLowerCase()] === undefined)
    .map((name) => `${key}: documented header ${name} missing`);
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return missing;
  let validate = validators.get(key);
  if (!validate) {
    const ref = (schema.$ref as string | undefined)?.replace('#/', 'openapi#/');
    validate = ajvFor(found.platform).compile((ref ? { $ref: ref } : closed(schema)) as Schema);
    validators.set(key, validate);
  }
  const invalid = validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${key}: ${error.instancePath} ${error.message}`);
  return [...missing, ...invalid];
}

/**
 * With OPENAPI_COVERAGE=<file>, every answer the hook validated is appended there as
 * `METHOD route status`, to see which routes and statuses the suites hold to the documents.
 */
export function recordValidated(method: string, path: string, status: number): void {
  const file = process.env.OPENAPI_COVERAGE;
  const found = file ? documentedRoute(path) : undefined;
  if (file && found) appendFileSync(file, `${method} ${found.route} ${status}\n`);
}
