import type { ExecutionContext } from '@nestjs/common';
import { type AuthenticatedRequest, tokenRejectionKindOf } from '@app/auth';
import type { AppConfig } from '@app/config';
import { clientAddressKey } from './client-address';

export type BudgetName = 'user' | 'anonymous' | 'bad-token' | 'expired-token';

/** The budget a request is counted in, and against whom. */
export interface Budget {
  readonly name: BudgetName;
  /** The counted caller: `user:<sub>`, or a client address (IPv6: its /64) per budget. */
  readonly tracker: string;
  /** False: counted (and said so in the headers), but never answered 429. */
  readonly enforced: boolean;
}

/**
 * - an authenticated caller: the user's budget;
 * - a forged or malformed token: the address's bad-token budget, apart from the anonymous one,
 *   so token guessing neither spends nor hides behind the anonymous budget;
 * - a genuine token past its `exp`: a count of its own that is never enforced, so the app always
 *   gets the 401 that makes it refresh, never a 429, and spends no one's budget (the headers
 *   still say how many arrived, against the anonymous limit);
 * - anyone else (no token, or one that could not be checked for want of keys): anonymous.
 */
export function budgetOf(request: AuthenticatedRequest): Budget {
  if (request.user) {
    return { name: 'user', tracker: `user:${request.user.userId}`, enforced: true };
  }
  const address = `ip:${clientAddressKey(request.ip)}`;
  const rejection = tokenRejectionKindOf(request);
  if (rejection === 'invalid') {
    return { name: 'bad-token', tracker: `bad-token:${address}`, enforced: true };
  }
  if (rejection === 'expired') {
    return { name: 'expired-token', tracker: `expired-token:${address}`, enforced: false };
  }
  return { name: 'anonymous', tracker: address, enforced: true };
}

export function budgetLimit(name: BudgetName, limits: AppConfig['rateLimit']): number {
  if (name === 'user') return limits.userPerMinute;
  return name === 'bad-token' ? limits.badTokenPerMinute : limits.anonymousPerMinute;
}

export function requestBudgetOf(context: ExecutionContext): Budget {
  return budgetOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
}
