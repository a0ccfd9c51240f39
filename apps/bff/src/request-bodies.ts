import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppError, ValidationFailedError } from '@app/errors';

/** Stand-ins for a body the BFF will not take: judged by BodyParseGuard, after the limiter. */
const UNPARSABLE_JSON = Object.freeze({ unparsable: true });
const UNSUPPORTED_TYPE = Object.freeze({ unsupported: true });
const TOO_LARGE = Object.freeze({ tooLarge: true });

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;
/** `type/subtype`, as Fastify requires before it runs any body parser. */
const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;|$)/;
/** Stands for a Content-Type that is not one: the body reader refuses it like any non-JSON type. */
const MALFORMED_MEDIA_TYPE = 'application/x-malformed-media-type';

/**
 * One body reader for every content type, which never answers by itself: a body too large, of
 * another type than JSON or not valid JSON becomes a stand-in that BodyParseGuard refuses later,
 * so that the answer comes after the caller was identified and counted (401 before 400, and
 * X-RateLimit-* on every answer, as the contract wants). What is refused is not read further: an
 * oversized body stops being read at the limit (reading it to the end is the cost the limit is
 * there to avoid), and the connection closes after the answer.
 */
export function deferBodyParseErrors(fastify: FastifyInstance, limitBytes: number): void {
  // Fastify answers a malformed Content-Type itself (415, before the guards): not if it is valid.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !MEDIA_TYPE.test(type)) {
      request.headers['content-type'] = MALFORMED_MEDIA_TYPE;
    }
    done();
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, payload, done) => {
    readBody(request, payload, limitBytes).then((body) => done(null, body), done);
  });
}

function readBody(
  request: FastifyRequest,
  payload: IncomingMessage,
  limitBytes: number,
): Promise<unknown> {
  const declaredLength = Number(request.headers['content-length'] ?? 0);
  if (declaredLength > limitBytes) return Promise.resolve(TOO_LARGE);
  if (!JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) {
    return Promise.resolve(UNSUPPORTED_TYPE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= limitBytes) return void chunks.push(chunk);
      // Paused, not destroyed: destroying the request would take the socket, and the answer, too.
      payload.pause();
      payload.off('data', onData).off('end', onEnd).off('error', reject);
      resolve(TOO_LARGE);
    };
    const onEnd = (): void => resolve(parsedJson(Buffer.concat(chunks, received)));
    payload.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

function parsedJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return UNPARSABLE_JSON;
  }
}

/** Refuses the stand-ins of deferBodyParseErrors: 413, 415, or 400 for malformed JSON. */
@Injectable()
export class BodyParseGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const { body } = http.getRequest<FastifyRequest>();
    if (body === UNPARSABLE_JSON) {
      throw new ValidationFailedError([{ field: 'body', issue: 'must be valid JSON' }]);
    }
    if (body === TOO_LARGE || body === UNSUPPORTED_TYPE) {
      // The rest of that body was never read: the socket cannot carry another request.
      void http.getResponse<FastifyReply>().header('connection', 'close');
      throw new AppError(body === TOO_LARGE ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE');
    }
    return true;
  }
}
