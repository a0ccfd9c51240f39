import { createHash } from 'node:crypto';

type Schema = Record<string, unknown>;
interface Document {
  components?: { schemas?: Record<string, unknown> };
}

/** Words that do not change what a client receives: editing them must not empty the caches. */
const DOCUMENTATION_ONLY = new Set(['description', 'example', 'examples', 'title']);
const REF = '#/components/schemas/';

/**
 * A short hash of everything that shapes a screen's response: the OpenAPI component of the
 * response as the document generator produced it (with every component it references), and the
 * source of the code that maps it. Cached bodies of another shape are never read back: a new
 * version is a new keyspace, without anyone remembering to bump anything.
 */
export function screenVersion(document: Document, component: string, code: readonly unknown[]) {
  return createHash('sha256')
    .update(canonical(schemaClosure(document, component)))
    .update(codeFingerprint(code))
    .digest('hex')
    .slice(0, 12);
}

/** The component and every component it references, by name. */
export function schemaClosure(document: Document, component: string): Schema {
  const schemas = document.components?.schemas ?? {};
  const closure: Schema = {};
  const visit = (name: string): void => {
    if (name in closure) return;
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`the OpenAPI document has no component ${name}`);
    closure[name] = schema;
    for (const ref of refsIn(schema)) visit(ref);
  };
  visit(component);
  return closure;
}

/** Functions and classes by their source; module namespaces by every function they export. */
export function codeFingerprint(code: readonly unknown[]): string {
  return code
    .map((part) =>
      typeof part === 'function'
        ? part.toString()
        : Object.entries(part as object)
            .filter(([, value]) => typeof value === 'function')
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => `${name}=${(value as () => unknown).toString()}`)
            .join('\n'),
    )
    .join('\n');
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' && child.startsWith(REF)
      ? [child.slice(REF.length)]
      : refsIn(child),
  );
}

/** JSON with sorted keys and without documentation-only words, so equal shapes hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value)
    .filter(([key]) => !DOCUMENTATION_ONLY.has(key))
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(',')}}`;
}
