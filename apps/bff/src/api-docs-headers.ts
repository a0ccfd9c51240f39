import type { OpenAPIObject } from '@nestjs/swagger';

type Header = { description: string; schema: { type: 'string' | 'integer' } };

/** Headers every answer of a platform route carries, whatever its status (pipeline-wide). */
const EVERY_ANSWER: Record<string, Header> = {
  'X-Request-Id': {
    description: 'The request id: the client’s own when it sent a sane one, else a new one',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per window for this caller',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer' },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets',
    schema: { type: 'integer' },
  },
};

const RETRY_AFTER: Header = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer' },
};

/**
 * Documents the headers the HTTP pipeline adds (request id, rate limits on every answer,
 * Retry-After on 429) as named components referenced by every response: no route declares them,
 * since no route sets them.
 */
export function documentPipelineHeaders(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...EVERY_ANSWER, 'Retry-After': RETRY_AFTER };
  const refs = (names: string[]) =>
    Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.delete]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (!response || '$ref' in response) continue;
        const names = Object.keys(EVERY_ANSWER).concat(status === '429' ? ['Retry-After'] : []);
        response.headers = { ...response.headers, ...refs(names) };
      }
    }
  }
}
