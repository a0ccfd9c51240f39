import type { ServiceName } from '@app/config';
import { DownstreamError } from './downstream-error';

/**
 * Minimal checks on what a service sent before the BFF relies on it: other implementations of
 * the contract exist, and a 200 with the wrong shape must degrade like any other failure.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectRecord(service: ServiceName, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new DownstreamError(service, 'bad_response');
  return value;
}

export function expectArray(service: ServiceName, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new DownstreamError(service, 'bad_response');
  return value;
}

/** Keeps the entries that have a string in each of `keys`; malformed entries are dropped. */
export function entriesWithStrings<T>(values: unknown[], keys: readonly string[]): T[] {
  return values.filter(
    (value) => isRecord(value) && keys.every((key) => typeof value[key] === 'string'),
  ) as T[];
}
