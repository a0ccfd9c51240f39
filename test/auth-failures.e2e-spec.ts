import { createSigningKey } from '../apps/demo-backends/src/identity-provider';
import { BffHarness, startBff } from './support/bff-harness';
import { rawRequest, RawResponse } from './support/raw-http';
import { ROUTES } from './support/routes';

const ANON_LIMIT = 2;
const BAD_TOKEN_LIMIT = 3;

interface Answer {
  status: number;
  code: string | undefined;
  limit: string | undefined;
  remaining: string | undefined;
  retryAfter: string | undefined;
}

let addresses = 0;
/** A loopback source address no other test counts against: a client of its own. */
const freshAddress = () => `127.0.9.${++addresses}`;

describe('bad and expired tokens on platform routes', () => {
  let bff: BffHarness;

  beforeAll(async () => {
    bff = await startBff({
      RATE_LIMIT_ANON_PER_MIN: String(ANON_LIMIT),
      RATE_LIMIT_BAD_TOKEN_PER_MIN: String(BAD_TOKEN_LIMIT),
    });
  });
  afterAll(() => bff.close());

  /** GET the iOS home from `from`, with `authorization` as given (none when undefined). */
  const home = async (from: string, authorization?: string): Promise<Answer> => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const response: RawResponse = await rawRequest(`${bff.baseUrl}${ROUTES.home('ios')}`, {
      headers,
      localAddress: from,
    });
    const header = (name: string) => response.headers[name] as string | undefined;
    const body = JSON.parse(response.body) as { error?: { code: string } };
    return {
      status: response.status,
      code: body.error?.code,
      limit: header('x-ratelimit-limit'),
      remaining: header('x-ratelimit-remaining'),
      retryAfter: header('retry-after'),
    };
  };
  const bearer = (token: string) => `Bearer ${token}`;
  const forgedToken = async (sub = 'u-1001') =>
    bff.backends.idp.mint({
      sub,
      key: await createSigningKey('RS256'),
      kid: bff.backends.idp.signingKey('RS256').kid,
    });

  it('answers a genuine expired token 401, never 429, however often it comes', async () => {
    const from = freshAddress();
    const expired = await bff.backends.idp.mint({ expiresInSec: -60 });
    const answers: Answer[] = [];
    for (let i = 0; i < 3 * (ANON_LIMIT + BAD_TOKEN_LIMIT); i++) {
      // The same token again and again, and freshly minted ones.
      const token = i % 2 ? expired : await bff.backends.idp.mint({ expiresInSec: -60 - i });
      answers.push(await home(from, bearer(token)));
    }
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', retryAfter: undefined });
      expect(answer.limit).toMatch(/^\d+$/); // the headers every answer carries
    }
    // ...and they spent no budget: the address's anonymous one is whole.
    expect(await home(from)).toMatchObject({ status: 401, remaining: String(ANON_LIMIT - 1) });
  });

  it('limits forged and malformed tokens per address, in a budget of their own', async () => {
    const from = freshAddress();
    const bad = [
      bearer(await forgedToken()),
      bearer(await bff.backends.idp.mint({ kid: 'never-published' })),
      'Bearer not.a.token',
      bearer(await forgedToken()),
    ];
    const answers: Answer[] = [];
    for (const authorization of bad) answers.push(await home(from, authorization));
    expect(
      answers.map((answer) => [answer.status, answer.code, answer.limit, answer.remaining]),
    ).toEqual([
      [401, 'UNAUTHENTICATED', '3', '2'],
      [401, 'UNAUTHENTICATED', '3', '1'],
      [401, 'UNAUTHENTICATED', '3', '0'],
      [429, 'RATE_LIMITED', '3', '0'],
    ]);
    expect(answers[3].retryAfter).toMatch(/^[1-9]\d*$/);

    // The address's anonymous budget was not touched, nor another address's bad-token budget...
    expect(await home(from)).toMatchObject({ status: 401, limit: '2', remaining: '1' });
    const other = await home(freshAddress(), bearer(await forgedToken()));
    expect(other).toMatchObject({ status: 401, limit: '3', remaining: '2' });
    // ...and a valid token from the same address is counted against its user.
    const valid = await home(from, bearer(await bff.token('u-1005')));
    expect(valid.status).toBe(200);
  });

  it('keeps counting bad tokens apart once the anonymous budget is spent', async () => {
    const from = freshAddress();
    for (let i = 0; i < ANON_LIMIT; i++) await home(from);
    expect(await home(from)).toMatchObject({ status: 429, limit: '2' });
    expect(await home(from, bearer(await forgedToken()))).toMatchObject({
      status: 401,
      limit: '3',
      remaining: '2',
    });
  });
});
