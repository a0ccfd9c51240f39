import { etagOf } from './etag';

/** What a screen response may start with (the presentation lib's meta DTOs). */
interface ScreenMeta {
  traceId?: string;
  degradedSections: readonly string[];
}

/**
 * A rendered screen as it is cached and sent: serialized once, its ETag computed once. `meta`
 * is kept apart from the content because its trace id differs on every response (and the
 * contract's ETag covers the content only). Responses without `meta` (order lists, config) are
 * all content.
 */
export interface SerializedScreen {
  /** The content (everything but `meta`) as a JSON object text. */
  readonly content: string;
  /** `meta` without its trace id, as a JSON object text; undefined when there is no `meta`. */
  readonly meta: string | undefined;
  /** `meta` carries no trace id (product detail). Absent means it does, as in older entries. */
  readonly traceless?: boolean;
  readonly etag: string;
  readonly degradedSections: readonly string[];
}

export function serializeScreen(body: object): SerializedScreen {
  if (!('meta' in body)) {
    const content = JSON.stringify(body);
    return { content, meta: undefined, etag: etagOf(content), degradedSections: [] };
  }
  const { meta, ...content } = body as { meta: ScreenMeta };
  const { traceId, ...rest } = meta;
  const serialized = JSON.stringify(content);
  return {
    content: serialized,
    meta: JSON.stringify(rest),
    ...(traceId === undefined && { traceless: true }),
    etag: etagOf(serialized),
    degradedSections: meta.degradedSections,
  };
}

/** The response body for one request: `meta` first, with this request's trace id if it has one. */
export function screenJson(screen: SerializedScreen, traceId: string): string {
  if (screen.meta === undefined) return screen.content;
  const meta = screen.traceless
    ? screen.meta
    : `{"traceId":${JSON.stringify(traceId)}${members(screen.meta)}}`;
  return `{"meta":${meta}${members(screen.content)}}`;
}

/** The members of a JSON object text, with a leading comma; empty for `{}`. */
function members(object: string): string {
  return object.length > 2 ? `,${object.slice(1, -1)}` : '';
}
