import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { CACHE_CONTROL, CacheControlPolicy } from './cache-control.decorator';
import { contentEtag } from './etag';

/**
 * Every successful answer gets `Cache-Control` (its route's policy, else `no-store`); one with a
 * policy also gets a content ETag, which the conditional-GET hook turns into a 304 on a match.
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const policy = this.reflector.getAllAndOverride<CacheControlPolicy | undefined>(CACHE_CONTROL, [
      context.getHandler(),
      context.getClass(),
    ]);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (!policy) {
          void reply.header('cache-control', 'no-store');
          return body;
        }
        void reply.header('cache-control', `${policy.visibility}, max-age=${policy.maxAgeSec}`);
        void reply.header('etag', contentEtag(body));
        if (policy.visibility === 'private') void reply.header('vary', 'Authorization');
        return body;
      }),
    );
  }
}
