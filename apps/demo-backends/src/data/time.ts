const HOUR_MS = 3_600_000;

/**
 * Generated times are relative to the start of the current hour when the module loads, so "recent"
 * data stays recent whenever the demo runs, yet is identical for every request of one process.
 */
export const DATA_ANCHOR_MS = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;

/** ISO 8601 UTC without milliseconds, `hoursFromAnchor` hours after the anchor (may be < 0). */
export function isoAt(hoursFromAnchor: number): string {
  return new Date(DATA_ANCHOR_MS + hoursFromAnchor * HOUR_MS).toISOString().replace('.000Z', 'Z');
}

/** Parses an ISO 8601 timestamp; undefined when it is not one. */
export function parseIso(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
