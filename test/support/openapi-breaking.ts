import type { OpenApiDocument } from './openapi';

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * What a client generated from `previous` would break on in `current`: a removed route or
 * operation, a removed or retyped response field (or one that became nullable), a response
 * status gone, a new required parameter, a parameter's allowed values narrowed. A change that
 * comes with a new route version (a new path) is not one: the old route is what clients use.
 */
export function breakingChanges(previous: OpenApiDocument, current: OpenApiDocument): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries(previous.paths)) {
    for (const method of METHODS.filter((name) => item[name])) {
      const before = item[method] as unknown as Operation;
      const after = current.paths[path]?.[method] as unknown as Operation | undefined;
      const where = `${method.toUpperCase()} ${path}`;
      if (!after) {
        problems.push(`${where}: removed`);
        continue;
      }
      problems.push(...parameterChanges(where, before, after, previous, current));
      for (const [status, response] of Object.entries(before.responses)) {
        const next = after.responses[status];
        if (!next) {
          problems.push(`${where} ${status}: response removed`);
          continue;
        }
        const schema = response.content?.['application/json']?.schema;
        const nextSchema = next.content?.['application/json']?.schema;
        if (schema && nextSchema) {
          problems.push(
            ...schemaChanges(
              `${where} ${status}`,
              schema,
              nextSchema,
              previous,
              current,
              new Set(),
            ),
          );
        }
      }
    }
  }
  return problems;
}

function parameterChanges(
  where: string,
  before: Operation,
  after: Operation,
  previous: OpenApiDocument,
  current: OpenApiDocument,
): string[] {
  const key = (parameter: Parameter) => `${parameter.in}:${parameter.name.toLowerCase()}`;
  const old = new Map((before.parameters ?? []).map((parameter) => [key(parameter), parameter]));
  return (after.parameters ?? []).flatMap((parameter) => {
    const was = old.get(key(parameter));
    if (!was) return parameter.required ? [`${where}: new required ${key(parameter)}`] : [];
    if (parameter.required && !was.required) return [`${where}: ${key(parameter)} now required`];
    const now = resolve(parameter.schema ?? {}, current).enum as unknown[] | undefined;
    const then = resolve(was.schema ?? {}, previous).enum as unknown[] | undefined;
    const lost = (then ?? []).filter((value) => !(now ?? []).includes(value));
    return now && lost.length
      ? [`${where}: ${key(parameter)} no longer takes ${lost.join(', ')}`]
      : [];
  });
}

/** Response schema changes a client cannot absorb (following references on both sides). */
function schemaChanges(
  where: string,
  before: Schema,
  after: Schema,
  previous: OpenApiDocument,
  current: OpenApiDocument,
  seen: Set<string>,
): string[] {
  const old = resolve(before, previous);
  const next = resolve(after, current);
  const visit = `${where}|${JSON.stringify(before)}|${JSON.stringify(after)}`;
  if (seen.has(visit)) return [];
  seen.add(visit);
  const problems: string[] = [];
  if (old.type && next.type && old.type !== next.type) {
    problems.push(`${where}: type ${JSON.stringify(old.type)} became ${JSON.stringify(next.type)}`);
  }
  if (!old.nullable && next.nullable) problems.push(`${where}: may now be null`);
  const oldProperties = (old.properties ?? {}) as Record<string, Schema>;
  const nextProperties = (next.properties ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(oldProperties)) {
    if (!nextProperties[name]) {
      problems.push(`${where}: field ${name} removed`);
      continue;
    }
    problems.push(
      ...schemaChanges(`${where}.${name}`, schema, nextProperties[name], previous, current, seen),
    );
  }
  if (old.items && next.items) {
    problems.push(
      ...schemaChanges(
        `${where}[]`,
        old.items as Schema,
        next.items as Schema,
        previous,
        current,
        seen,
      ),
    );
  }
  return problems;
}

/** A schema with its `$ref` (or single `allOf` reference) followed, keeping its own keywords. */
function resolve(schema: Schema, document: OpenApiDocument): Schema {
  const allOf = schema.allOf as Schema[] | undefined;
  const ref = (schema.$ref ?? (allOf?.length === 1 ? allOf[0].$ref : undefined)) as
    string | undefined;
  if (!ref) return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = (document.components.schemas as Record<string, Schema>)[name] ?? {};
  const { $ref: _ref, allOf: _allOf, ...own } = schema;
  return { ...target, ...own };
}
