import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TieredCache } from '@app/cache';
import { ValidationFailedError } from '@app/errors';

/** The request header a client retries a write with, to get its first answer again. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** How long a first answer is replayed: a phone retrying after a day has lost track anyway. */
export const REPLAY_TTL_MS = 24 * 60 * 60 * 1000;

/** 1 to 255 printable ASCII characters (a UUID is the usual choice). */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** One user's write as the client made it: whatever tells two requests apart. */
export interface IdempotentWrite {
  readonly userId: string;
  /** The client's Idempotency-Key header as sent; none means the write simply runs. */
  readonly idempotencyKey: string | undefined;
  /** What the write is (method, route values, body): a key reused for another one is refused. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** What is kept per (user, key): the outcome of the first write and what that write was. */
interface Replay<T> {
  readonly fingerprint: string;
  readonly outcome: T;
}

/**
 * Writes that run once per user and Idempotency-Key: a retry with the same key gets the first
 * outcome (for ~24 h, in the shared cache) without calling downstream again, and concurrent
 * duplicates on one instance wait for the same single call (TieredCache's single flight). Only
 * outcomes are kept: a failed write is not, so a retry after an error tries again.
 */
@Injectable()
export class IdempotentWrites {
  constructor(private readonly cache: TieredCache) {}

  async once<T>(write: IdempotentWrite, run: () => Promise<T>): Promise<T> {
    const { userId, idempotencyKey, parameters } = write;
    if (idempotencyKey === undefined) return run();
    if (!VALID_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError([
        { field: IDEMPOTENCY_KEY_HEADER, issue: 'must be 1 to 255 printable ASCII characters' },
      ]);
    }
    const fingerprint = sha256(JSON.stringify(Object.entries(parameters).sort()));
    const { value } = await this.cache.getOrLoad<Replay<T>>(
      `idempotent:${encodeURIComponent(userId)}:${sha256(idempotencyKey)}`,
      async () => ({ fingerprint, outcome: await run() }),
      { ttlMs: REPLAY_TTL_MS },
    );
    if (value.fingerprint !== fingerprint) {
      throw new ValidationFailedError([
        { field: IDEMPOTENCY_KEY_HEADER, issue: 'was already used for a different request' },
      ]);
    }
    return value.outcome;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
