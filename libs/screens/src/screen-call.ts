import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { findRequestContext, RequestContext } from '@app/telemetry';
import { screenDefinitionOf } from './screen-definition';

/** What a screen's `render` is called with, on a screen only signed-in users may call. */
export interface ScreenCall {
  readonly request: RequestContext;
  /** The authenticated user (`sub`). */
  readonly userId: string;
  /** The image size factor from the platform's display header (1 for screens without one). */
  readonly display: number;
}

/** The same on a screen anyone may call (`access: 'optional' | 'public'`). */
export interface AnyoneScreenCall extends Omit<ScreenCall, 'userId'> {
  /** The authenticated user when a valid token was sent (never on `public` screens). */
  readonly userId: string | undefined;
}

type ScreenRequest = FastifyRequest & { user?: { userId: string } };

/** The image factor the ScreenInterceptor chose for a request from its platform's header. */
const displayFactors = new WeakMap<FastifyRequest, number>();

export function rememberDisplayFactor(request: FastifyRequest, factor: number): void {
  displayFactors.set(request, factor);
}

/** Builds the ScreenCall of a request; @Screen puts it on `render`'s first parameter. */
export const ScreenCallParam = createParamDecorator(
  (_: unknown, host: ExecutionContext): ScreenCall | AnyoneScreenCall => {
    const request = host.switchToHttp().getRequest<ScreenRequest>();
    const context = findRequestContext(request);
    if (!context) throw new Error('a screen needs the telemetry hooks');
    const { access = 'user' } = screenDefinitionOf(host.getClass());
    const userId = access === 'public' ? undefined : request.user?.userId;
    if (access === 'user' && userId === undefined) {
      throw new Error('a user screen needs an authenticated caller');
    }
    return { request: context, userId, display: displayFactors.get(request) ?? 1 };
  },
);
