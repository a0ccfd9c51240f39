import { createHash } from 'node:crypto';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '@app/auth';
import { clientAddressKey } from './client-address';
import { FallbackThrottlerStorage } from './fallback-throttler-storage';

/** Who a request is counted against: the user when authenticated, else the client address. */
export function trackerOf(request: AuthenticatedRequest): string {
  return request.user ? `user:${request.user.userId}` : `ip:${clientAddressKey(request.ip)}`;
}

export function isAuthenticated(context: ExecutionContext): boolean {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().user !== undefined;
}

/**
 * Rate limits every route that does not `@SkipThrottle()`: per user (`sub`) once the request is
 * authenticated, per client address (IPv6: per /64) otherwise, bad tokens included. Registered
 * globally between JwtAuthenticationGuard (which tells who the caller is) and
 * RequireAuthenticationGuard (so 401s are counted and carry the headers too).
 *
 * Every response it lets through, or stops, carries X-RateLimit-Limit / -Remaining / -Reset
 * (seconds until the window resets); a 429 also carries Retry-After (seconds).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    // Explicit: the base class's @InjectThrottlerStorage() would otherwise apply to this parameter.
    @Inject(FallbackThrottlerStorage) storage: FallbackThrottlerStorage,
    reflector: Reflector,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(request: AuthenticatedRequest): Promise<string> {
    return Promise.resolve(trackerOf(request));
  }

  /**
   * One budget per caller across all routes (the library's default keys per route); the store
   * appends the throttler's name. Hashed: fixed size, no user ids or addresses in Redis.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return `rate-limit:${createHash('sha256').update(tracker).digest('base64url')}`;
  }

  /** Unlike the library's, sets the X-RateLimit headers on the 429 too. */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration } = props;
    const name = throttler.name ?? 'default';
    const { req, res } = this.getRequestResponse(context);
    const tracker = await props.getTracker(req, context);
    const key = props.generateKey(context, tracker, name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    const reply = res as unknown as FastifyReply;
    const remaining = record.isBlocked ? 0 : Math.max(0, limit - record.totalHits);
    const retryAfter = Math.max(1, record.timeToBlockExpire);
    const reset = Math.max(
      0,
      record.isBlocked ? Math.max(record.timeToExpire, retryAfter) : record.timeToExpire,
    );
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', remaining);
    reply.header('X-RateLimit-Reset', reset);
    if (record.isBlocked) {
      reply.header('Retry-After', retryAfter);
      await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    }
    return true;
  }
}
