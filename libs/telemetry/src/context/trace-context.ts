import { randomHex } from './random-hex';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

export interface TraceParent {
  traceId: string;
  /** The caller's span (16 hex): the parent of this request's server span. */
  spanId: string;
  flags: string;
}

/** Parses a W3C traceparent (version 00); anything invalid is ignored, as the spec requires. */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match || ALL_ZERO.test(match[1]) || ALL_ZERO.test(match[2])) return undefined;
  return { traceId: match[1], spanId: match[2], flags: match[3] };
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

/** A version-00 W3C traceparent for a known span. */
export function formatTraceparent(traceId: string, spanId: string, sampled = true): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
