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
import { AuditLog, type AuthenticatedRequest } from '@app/auth';
import { budgetOf } from './budget';
import { truncatedAddress } from './client-address';
import { FallbackThrottlerStorage } from './fallback-throttler-storage';

/**
 * Rate limits every route that does not `@SkipThrottle()`, in one of three budgets (see
 * budget.ts): per user (`sub`) once the request is authenticated; per client address (IPv6: per
 * /64) otherwise, in the anonymous budget, or in the bad-token budget when the request carried a
 * forged or malformed token. An expired genuine token is counted but never refused. Registered
 * globally between JwtAuthenticationGuard (which tells who the caller is and what its token was)
 * and RequireAuthenticationGuard (so 401s are counted and carry the headers too).
 *
 * Every response it lets through, or stops, carries X-RateLimit-Limit / -Remaining / -Reset
 * (seconds until the window resets); a 429 also carries Retry-After (seconds) and is reported to
 * the audit log.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    // Explicit: the base class's @InjectThrottlerStorage() would otherwise apply to this parameter.
    @Inject(FallbackThrottlerStorage) storage: FallbackThrottlerStorage,
    reflector: Reflector,
    private readonly audit: AuditLog,
  ) {
    super(options, storage, reflector);
  }

  /**
   * One budget per caller across all routes (the library's default keys per route); the store
   * appends the throttler's name. Hashed: fixed size, no user ids or addresses in Redis.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return `rate-limit:${digest(tracker)}`;
  }

  /** Unlike the library's, counts in the request's budget and sets the headers on the 429 too. */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration } = props;
    const name = throttler.name ?? 'default';
    const { req, res } = this.getRequestResponse(context);
    const request = req as AuthenticatedRequest;
    const budget = budgetOf(request);
    const key = props.generateKey(context, budget.tracker, name);
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
    if (record.isBlocked && budget.enforced) {
      reply.header('Retry-After', retryAfter);
      this.audit.rateLimitExceeded(budget.name, auditedClientOf(request));
      const tracker = budget.tracker;
      await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    }
    return true;
  }
}

/** Who the audit log may name: a user by a digest of its id, an address by its network only. */
function auditedClientOf(request: AuthenticatedRequest): string {
  return request.user
    ? `user:${digest(request.user.userId).slice(0, 16)}`
    : truncatedAddress(request.ip);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
