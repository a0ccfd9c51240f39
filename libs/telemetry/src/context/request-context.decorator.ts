import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findRequestContext, RequestContext } from './request-context';

/** Injects the request's RequestContext into a handler: `@ReqContext() context: RequestContext`. */
export const ReqContext = createParamDecorator(
  (_: unknown, host: ExecutionContext): RequestContext => {
    const context = findRequestContext(host.switchToHttp().getRequest<FastifyRequest>());
    if (!context) throw new Error('the telemetry hooks are not registered');
    return context;
  },
);
