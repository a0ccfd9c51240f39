import { randomFillSync } from 'node:crypto';

/** Enough for ~170 trace ids: one kernel call per pool instead of one per id. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `bytes` cryptographically random bytes as lowercase hex, taken from a pool refilled in one call
 * (as OpenTelemetry's id generators do): trace and span ids are minted several times per request.
 */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
