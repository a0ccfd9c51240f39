import { ERROR_STATUS, ErrorCode, isRetryable } from '@app/errors';
import { recordValidated, undocumented } from '../openapi';
import { shorten } from './fuzz-request';
import type { FuzzAnswer } from './send';

/** What no answer may contain: the addresses and secrets of the deployment. */
export interface Secrets {
  /** `host:port` of every service and of the identity provider. */
  internalHosts: readonly string[];
  /** The service token, planted internal values, downstream paths. */
  downstreamDetails: readonly string[];
}

const STACK_FRAME = /\bat (?:async )?\S+ \(?(?:\/|node:|file:)\S*:\d+(?::\d+)?\)?/;
const ERROR_NAME = /(?:^|[^\w-])[A-Za-z]*Error: /;
/** Swagger UI's own scripts and styles: third-party code, full of `Error:` by nature. */
const UI_ASSET = /^(?:application|text)\/(?:javascript|css)/;

/** Answers that carry no body by definition. */
const bodiless = (method: string, status: number) => method === 'HEAD' || status === 304;

/**
 * Everything wrong with one answer by the issue's rules: an envelope on every non-2xx (non-304)
 * with a JSON content type; no 500; no stack, internal host or downstream detail in the headers
 * or the body; and, on a documented route and method, what its platform document says.
 */
export function answerProblems(
  method: string,
  target: string,
  answer: FuzzAnswer,
  secrets: Secrets,
): string[] {
  const problems: string[] = [];
  const { status } = answer;
  if (status === 500) problems.push('500');
  const failed = status >= 300 && status !== 304;
  const contentType = String(answer.headers['content-type'] ?? '');
  if (failed && !contentType.startsWith('application/json')) {
    problems.push(`non-2xx ${status} with content-type ${contentType || '(none)'}`);
  }
  const body = bodiless(method, status) ? undefined : parsed(answer.body, contentType);
  if (failed && !bodiless(method, status)) problems.push(...envelopeProblems(status, body));
  const scanned = [
    ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${String(value)}`),
    ...(UI_ASSET.test(contentType) ? [] : [answer.body]),
  ];
  problems.push(...leaks(scanned, secrets));
  if (body !== undefined) problems.push(...documentProblems(method, target, answer, body));
  return problems;
}

function parsed(text: string, contentType: string): unknown {
  if (!contentType.startsWith('application/json')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparsable: shorten(text) };
  }
}

function envelopeProblems(status: number, body: unknown): string[] {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (typeof error !== 'object' || error === null || Object.keys(body as object).length !== 1) {
    return [`non-2xx ${status} without the envelope: ${shorten(JSON.stringify(body) ?? '')}`];
  }
  const { code, message, traceId, retryable, details, ...extra } = error;
  const problems: string[] = [];
  if (!(typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code))) {
    return [`unknown code ${String(code)}`];
  }
  // 408 and 431 are Node's own refusals, which the contract files under VALIDATION_FAILED.
  const statuses: number[] = [ERROR_STATUS[code as ErrorCode]];
  if (code === 'VALIDATION_FAILED') statuses.push(408, 431);
  if (!statuses.includes(status)) problems.push(`code ${code} on a ${status}`);
  if (typeof message !== 'string' || message === '') problems.push('no message');
  if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) problems.push('no traceId');
  if (retryable !== isRetryable(code as ErrorCode))
    problems.push(`retryable ${String(retryable)} for ${code}`);
  if (details !== undefined && code !== 'VALIDATION_FAILED') problems.push(`details on ${code}`);
  if (details !== undefined && !validDetails(details)) problems.push('malformed details');
  if (Object.keys(extra).length > 0) problems.push(`extra fields ${Object.keys(extra).join(', ')}`);
  return problems;
}

const validDetails = (details: unknown): boolean =>
  Array.isArray(details) &&
  details.every(
    (issue: Record<string, unknown>) =>
      typeof issue?.field === 'string' && typeof issue.issue === 'string',
  );

function leaks(texts: readonly string[], secrets: Secrets): string[] {
  const problems = new Set<string>();
  for (const text of texts) {
    if (STACK_FRAME.test(text) || ERROR_NAME.test(text) || /"stack"\s*:/.test(text)) {
      problems.add(`a stack trace or error name: ${excerpt(text, STACK_FRAME, ERROR_NAME)}`);
    }
    for (const host of secrets.internalHosts.filter((one) => text.includes(one))) {
      problems.add(`internal host ${host}`);
    }
    for (const detail of secrets.downstreamDetails.filter((one) => text.includes(one))) {
      problems.add(`downstream detail ${JSON.stringify(detail)}`);
    }
  }
  return [...problems];
}

function excerpt(text: string, ...patterns: RegExp[]): string {
  const index = patterns.map((pattern) => text.search(pattern)).find((found) => found >= 0) ?? 0;
  return JSON.stringify(text.slice(Math.max(0, index - 40), index + 120));
}

/**
 * The suite's own rule for every e2e answer: a documented route answers as documented. (Answers
 * without a request id never reached a route: Node's own refusals, as in support/raw-http.ts.)
 */
function documentProblems(
  method: string,
  target: string,
  answer: FuzzAnswer,
  body: unknown,
): string[] {
  if (answer.headers['x-request-id'] === undefined) return [];
  const path = target.split('?')[0];
  const problems = undocumented(method, path, { ...answer, body });
  if (problems?.length === 0) recordValidated(method, path, answer.status);
  return problems ?? [];
}
