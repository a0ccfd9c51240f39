/**
 * Where one user's delta sync stands, sealed into the opaque `nextSince` token.
 *
 * A session is the run of pages from a call without a token (or with a completed session's token)
 * to the page with `hasMore: false`. It lists what changed since the watermark, and completing it
 * moves the watermark to the session's start: whatever changed while the pages were fetched is
 * listed again by the next session, as an update.
 */
export interface SyncState {
  /** Epoch ms: the session lists what changed at or after it; absent for a first sync. */
  readonly watermark?: number;
  /** Present while the session has pages left. */
  readonly session?: SyncSession;
}

export interface SyncSession {
  /** Epoch ms: the watermark once this session completes. */
  readonly startedAt: number;
  /** orders-service's cursor of the next page. */
  readonly cursor: string;
  /** The last order delivered so far (null when none was), to drop what the cursor repeats. */
  readonly boundary: OrderBoundary | null;
}

/**
 * Orders come newest `placedAt` first: every order delivered so far was placed at or after
 * `placedAt`, and `orderIds` are those delivered with exactly that `placedAt` (ties may come back
 * in any order).
 */
export interface OrderBoundary {
  readonly placedAt: number;
  readonly orderIds: readonly string[];
}

/** A token's state as it must be: anything else (e.g. sealed by an older release) is refused. */
export function isSyncState(value: unknown): value is SyncState {
  if (!isRecord(value) || !hasOnly(value, ['watermark', 'session'])) return false;
  const { watermark, session } = value;
  return (
    (watermark === undefined || isTime(watermark)) && (session === undefined || isSession(session))
  );
}

function isSession(value: unknown): value is SyncSession {
  if (!isRecord(value) || !hasOnly(value, ['startedAt', 'cursor', 'boundary'])) return false;
  const { startedAt, cursor, boundary } = value;
  return (
    isTime(startedAt) &&
    typeof cursor === 'string' &&
    cursor !== '' &&
    (boundary === null || isBoundary(boundary))
  );
}

function isBoundary(value: unknown): value is OrderBoundary {
  if (!isRecord(value) || !hasOnly(value, ['placedAt', 'orderIds'])) return false;
  const { placedAt, orderIds } = value;
  return (
    isTime(placedAt) &&
    Array.isArray(orderIds) &&
    orderIds.length > 0 &&
    orderIds.every((id) => typeof id === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
