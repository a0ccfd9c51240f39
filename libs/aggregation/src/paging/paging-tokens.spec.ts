import { loadConfig } from '@app/config';
import { AppError } from '@app/errors';
import { PagingTokens } from './paging-tokens';

const tokens = (env: Record<string, string> = {}) =>
  new PagingTokens(loadConfig({ NODE_ENV: 'test', ...env }));

interface Position {
  offset: number;
}
const isPosition = (value: unknown): value is Position =>
  typeof (value as Position | null)?.offset === 'number';

function refusal(open: () => unknown): unknown {
  try {
    open();
  } catch (error) {
    return error;
  }
  throw new Error('expected the token to be refused');
}

describe(PagingTokens.name, () => {
  const codec = tokens();
  const token = codec.seal('orders', 'u-7', { offset: 40 });

  it('gives back the sealed state to the same user, for the same kind', () => {
    expect(codec.open('orders', 'u-7', token, 'cursor', isPosition)).toEqual({ offset: 40 });
  });

  it('is opaque: the state and the user id cannot be read from it', () => {
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    expect(decoded).not.toContain('offset');
    expect(decoded).not.toContain('u-7');
  });

  it('seals the same state for the same user to the same token (stable pages), others apart', () => {
    expect(codec.seal('orders', 'u-7', { offset: 40 })).toBe(token);
    expect(codec.seal('orders', 'u-7', { offset: 41 })).not.toBe(token);
    expect(codec.seal('orders', 'u-8', { offset: 40 })).not.toBe(token);
    expect(codec.seal('sync', 'u-7', { offset: 40 })).not.toBe(token);
  });

  it('opens on another instance that shares the secret', () => {
    expect(tokens().open('orders', 'u-7', token, 'cursor', isPosition)).toEqual({ offset: 40 });
  });

  it.each<[string, () => unknown]>([
    ['another user', () => codec.open('orders', 'u-8', token, 'cursor', isPosition)],
    ['another kind', () => codec.open('sync', 'u-7', token, 'cursor', isPosition)],
    [
      'one flipped character',
      () => {
        const at = Math.floor(token.length / 2);
        const flipped = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
        return codec.open('orders', 'u-7', flipped, 'cursor', isPosition);
      },
    ],
    [
      'a truncated token',
      () => codec.open('orders', 'u-7', token.slice(0, 20), 'cursor', isPosition),
    ],
    ['garbage', () => codec.open('orders', 'u-7', '%%not base64%%', 'cursor', isPosition)],
    ['an empty token', () => codec.open('orders', 'u-7', '', 'cursor', isPosition)],
    ['a huge token', () => codec.open('orders', 'u-7', 'A'.repeat(5000), 'cursor', isPosition)],
    [
      'another secret',
      () =>
        tokens({ PAGING_TOKEN_SECRET: 'x'.repeat(40) }).open(
          'orders',
          'u-7',
          token,
          'cursor',
          isPosition,
        ),
    ],
    [
      'a state of another shape',
      () =>
        codec.open('orders', 'u-7', codec.seal('orders', 'u-7', { page: 2 }), 'cursor', isPosition),
    ],
  ])('refuses %s as a 400 on the named field', (_, open) => {
    const error = refusal(open);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'cursor', issue: 'is not a valid token for this user' }],
    });
  });
});
