import { setMaxListeners } from 'node:events';
import { CallContext, Deadline, DeadlineExceeded } from '@app/downstream';
import type { RequestContext } from '@app/telemetry';

/** The abort reason of calls still running once a screen's answer is decided without them. */
export class ScreenDecided extends Error {
  constructor() {
    super('the screen was answered without this call');
    this.name = 'ScreenDecided';
  }
}

/** One reason for every screen: an Error's stack is costly, and this one says nothing more. */
const SCREEN_DECIDED = new ScreenDecided();

/** A screen with 50 products to look up has ~110 listeners on its signal; more would be a bug. */
const SIGNAL_LISTENERS = 200;

/**
 * Runs one screen's fan-out under its deadline. Every call gets a context whose signal aborts when
 * the deadline passes (DeadlineExceeded) or as soon as the fan-out has settled, e.g. because a
 * critical source failed (ScreenDecided): nothing keeps running for an answer already given. The
 * one timer is cleared either way.
 */
export async function runScreen<T>(
  request: RequestContext,
  budgetMs: number,
  fanOut: (context: CallContext) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // Every call and every shared cache load of the screen listens to it: tens, not a leak.
  setMaxListeners(SIGNAL_LISTENERS, controller.signal);
  const deadline = Deadline.after(budgetMs, request.startedAt);
  const timer = setTimeout(
    () => controller.abort(new DeadlineExceeded()),
    Math.ceil(deadline.remainingMs()),
  );
  try {
    return await fanOut({ request, deadline, signal: controller.signal });
  } finally {
    clearTimeout(timer);
    controller.abort(SCREEN_DECIDED);
  }
}
