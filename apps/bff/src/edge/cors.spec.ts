import { loadConfig } from '@app/config';
import { corsOptions } from './cors';

const edgeWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).edge;

type Decide = (
  origin: string | undefined,
  allow: (error: Error | null, allowed: unknown) => void,
) => void;

/** What the options' origin function decides for a request's Origin. */
function decide(env: Record<string, string>, origin: string | undefined): unknown {
  const decideOrigin = corsOptions(edgeWith(env))?.origin;
  if (typeof decideOrigin !== 'function') throw new Error('no origin function');
  let decision: unknown;
  (decideOrigin as Decide)(origin, (error, allowed) => {
    expect(error).toBeNull();
    decision = allowed;
  });
  return decision;
}

describe(corsOptions.name, () => {
  const LISTED = { CORS_ORIGINS: 'https://hybrid.example,https://help.example' };

  it('is off without CORS_ORIGINS', () => {
    expect(corsOptions(edgeWith({}))).toBeUndefined();
  });

  it.each([
    ['a listed origin', 'https://hybrid.example', true],
    ['the other listed origin', 'https://help.example', true],
    ['another scheme of a listed host', 'http://hybrid.example', false],
    ['a suffix of a listed origin', 'https://hybrid.example.evil.example', false],
    ['the literal null origin', 'null', false],
    ['no Origin (an app, not a browser)', undefined, false],
  ])('allows %s: %s → %s', (_case, origin, expected) => {
    expect(decide(LISTED, origin)).toBe(expected);
  });

  it('allows credentials only when configured', () => {
    expect(corsOptions(edgeWith(LISTED))?.credentials).toBe(false);
    expect(corsOptions(edgeWith({ ...LISTED, CORS_ALLOW_CREDENTIALS: 'true' }))?.credentials).toBe(
      true,
    );
  });
});
