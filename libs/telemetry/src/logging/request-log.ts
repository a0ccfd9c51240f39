import type { Logger } from 'pino';
import type { RequestContext } from '../context/request-context';
import type { RequestRecord } from '../request-record';

/** Probes and scrapes arrive every few seconds: logged at debug, not info. */
const MACHINE_ROUTES = /^\/(health|metrics)(\/|$)/;

export interface AnsweredRequest {
  readonly context: RequestContext;
  readonly record: RequestRecord | undefined;
  readonly method: string;
  readonly status: number;
  readonly durationMs: number;
  readonly userId: string | undefined;
}

/**
 * The one line per request: who, what, how long and what degraded. Headers are never logged,
 * so neither tokens nor cookies can reach the log.
 */
export function logRequest(logger: Logger, answered: AnsweredRequest): void {
  const { context, record, status } = answered;
  const fields = {
    requestId: context.requestId,
    traceId: context.traceId,
    route: context.route,
    method: answered.method,
    statusCode: status,
    userId: answered.userId,
    responseTime: Math.round(answered.durationMs * 10) / 10,
    degradedSections: record?.screen?.degradedSections,
    cache: record?.screen?.cache,
  };
  if (MACHINE_ROUTES.test(context.route ?? '')) logger.debug(fields, 'request completed');
  else if (status >= 500) logger.error(fields, 'request failed');
  else if (status >= 400) logger.warn(fields, 'request completed');
  else logger.info(fields, 'request completed');
}

/** One warning per degraded section, with the downstream attempts that failed. */
export function logDegradedSections(
  logger: Pick<Logger, 'warn'>,
  context: RequestContext,
  record: RequestRecord | undefined,
): void {
  const sections = record?.screen?.degradedSections;
  if (!record || !sections?.length) return;
  const failures = record.calls
    .filter((call) => call.outcome !== 'success')
    .map((call) => `${call.service}: ${call.outcome}`);
  const reason = failures.length ? failures.join(', ') : 'deadline';
  for (const section of sections) {
    logger.warn(
      `Section ${section} degraded (request ${context.requestId}, trace ${context.traceId}); ` +
        `failed dependencies: ${reason}`,
    );
  }
}
