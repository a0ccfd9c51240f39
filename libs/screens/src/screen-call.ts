import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findRequestContext, RequestContext } from '@app/telemetry';
import { screenDefinitionOf } from './screen-definition';

/** What a screen's `render` is called with. */
export interface ScreenCall {
  readonly request: RequestContext;
  /** The authenticated user (`sub`). */
  readonly userId: string;
  /** The image size factor from the platform's display header (1 for screens without one). */
  readonly display: number;
}

type ScreenRequest = FastifyRequest & { user?: { userId: string } };

/** Builds the ScreenCall of a request; @Screen puts it on `render`'s first parameter. */
export const ScreenCallParam = createParamDecorator(
  (_: unknown, host: ExecutionContext): ScreenCall => {
    const request = host.switchToHttp().getRequest<ScreenRequest>();
    const context = findRequestContext(request);
    const userId = request.user?.userId;
    if (!context || userId === undefined) {
      throw new Error('a screen needs the telemetry hooks and an authenticated caller');
    }
    const { display } = screenDefinitionOf(host.getClass());
    const factor = display ? display.choose(request.headers[display.key]).factor : 1;
    return { request: context, userId, display: factor };
  },
);
