import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { AppConfig, InjectConfig } from '@app/config';
import { ValidationFailedError } from '@app/errors';

/** What a token is for: a cursor of one list is never accepted by another. */
export type PagingTokenKind = 'orders' | 'sync';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any state the BFF seals; a longer token is garbage, refused before any crypto. */
const MAX_TOKEN_CHARS = 2048;

/**
 * Opaque, tamper-evident paging tokens (order-list cursors, sync tokens) bound to one user:
 * the state is sealed with AES-256-GCM, and the kind and user id are its associated data, so a
 * garbled, forged or another user's token fails authentication and is a 400, never a page of
 * someone else's data. The key derives from a secret every instance shares (PAGING_TOKEN_SECRET,
 * else the service token), so any instance opens any instance's tokens.
 *
 * Sealing is deterministic (the nonce is a MAC of what is sealed, as in AES-SIV): the same page
 * for the same user gets the same cursor, so its body and ETag stay the same and a client's
 * If-None-Match still matches. Equal tokens only ever reveal equal states.
 */
@Injectable()
export class PagingTokens {
  private readonly key: Buffer;
  private readonly nonceKey: Buffer;

  constructor(@InjectConfig() config: AppConfig) {
    const secret = config.api.pagingTokenSecret;
    this.key = Buffer.from(hkdfSync('sha256', secret, 'mobile-bff', 'paging-tokens v1', 32));
    this.nonceKey = Buffer.from(hkdfSync('sha256', secret, 'mobile-bff', 'paging-nonces v1', 32));
  }

  seal(kind: PagingTokenKind, userId: string, state: object): string {
    const aad = associatedData(kind, userId);
    const plain = Buffer.from(JSON.stringify(state), 'utf8');
    const iv = createHmac('sha256', this.nonceKey)
      .update(aad)
      .update(plain)
      .digest()
      .subarray(0, IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad);
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /**
   * The state sealed in `token` for this kind and user; anything else is a 400 naming `field`.
   * `isState` checks the shape, so a token sealed by an older release is refused, not misread.
   */
  open<T>(
    kind: PagingTokenKind,
    userId: string,
    token: string,
    field: string,
    isState: (value: unknown) => value is T,
  ): T {
    const state = this.decrypt(kind, userId, token);
    if (state === undefined || !isState(state)) {
      throw new ValidationFailedError([{ field, issue: 'is not a valid token for this user' }]);
    }
    return state;
  }

  private decrypt(kind: PagingTokenKind, userId: string, token: string): unknown {
    if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(associatedData(kind, userId));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
}

function associatedData(kind: PagingTokenKind, userId: string): Buffer {
  return Buffer.from(`${kind}\u0000${userId}`, 'utf8');
}
