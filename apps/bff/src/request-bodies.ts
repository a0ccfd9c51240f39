import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ValidationFailedError } from '@app/errors';

/** Stand-ins for a body Fastify could not parse: judged by BodyParseGuard, after the limiter. */
const UNPARSABLE_JSON = Object.freeze({ unparsable: true });
const UNSUPPORTED_TYPE = Object.freeze({ unsupported: true });

/**
 * Body parsers that never answer by themselves: a malformed JSON body or an unsupported content
 * type becomes a stand-in that BodyParseGuard refuses later, so that the answer comes after the
 * caller was identified and counted (401 before 400, and X-RateLimit-* on every answer, as the
 * contract wants). Oversized bodies are still refused while being read (413): reading them to
 * the end first would be the cost the limit is there to avoid.
 */
export function deferBodyParseErrors(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body, done) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(null, UNPARSABLE_JSON);
      }
    },
  );
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) =>
    done(null, UNSUPPORTED_TYPE),
  );
}

/** Refuses the stand-ins of deferBodyParseErrors: 400 for malformed JSON, 415 for other types. */
@Injectable()
export class BodyParseGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { body } = context.switchToHttp().getRequest<FastifyRequest>();
    if (body === UNPARSABLE_JSON) {
      throw new ValidationFailedError([{ field: 'body', issue: 'must be valid JSON' }]);
    }
    if (body === UNSUPPORTED_TYPE) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    return true;
  }
}
