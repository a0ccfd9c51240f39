import { etagOf } from './etag';

/** What every screen response starts with (the presentation lib's ScreenMetaDto). */
interface ScreenMeta {
  traceId: string;
  degradedSections: readonly string[];
}

/**
 * A rendered screen as it is cached and sent: serialized once, its ETag computed once. `meta`
 * is kept apart from the content because its trace id differs on every response (and the
 * contract's ETag covers the content only).
 */
export interface SerializedScreen {
  /** The content (everything but `meta`) as a JSON object text. */
  readonly content: string;
  /** `meta` without its trace id, as a JSON object text. */
  readonly meta: string;
  readonly etag: string;
  readonly degradedSections: readonly string[];
}

export function serializeScreen(body: { meta: ScreenMeta }): SerializedScreen {
  const { meta, ...content } = body;
  const { traceId: _traceId, ...rest } = meta;
  const serialized = JSON.stringify(content);
  return {
    content: serialized,
    meta: JSON.stringify(rest),
    etag: etagOf(serialized),
    degradedSections: meta.degradedSections,
  };
}

/** The response body for one request: `meta` first, with this request's trace id. */
export function screenJson(screen: SerializedScreen, traceId: string): string {
  return (
    `{"meta":{"traceId":${JSON.stringify(traceId)}${members(screen.meta)}}` +
    `${members(screen.content)}}`
  );
}

/** The members of a JSON object text, with a leading comma; empty for `{}`. */
function members(object: string): string {
  return object.length > 2 ? `,${object.slice(1, -1)}` : '';
}
