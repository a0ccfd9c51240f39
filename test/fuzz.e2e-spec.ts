import fc from 'fast-check';
import { INTERNAL_NUMERIC_SENTINEL, INTERNAL_SENTINEL } from '../apps/demo-backends/src';
import { BffHarness, startBff } from './support/bff-harness';
import { Secrets, answerProblems } from './support/fuzz/answer-rules';
import { FuzzRequest, shorten } from './support/fuzz/fuzz-request';
import {
  operationalRequests,
  platformRequests,
  rawHeads,
  unknownRequests,
} from './support/fuzz/requests';
import { platformRoutes } from './support/fuzz/route-catalogue';
import { FuzzAnswer, send, sendRawHead } from './support/fuzz/send';
import { TokenKit, mintTokenKit } from './support/fuzz/tokens';
import { ROUTES } from './support/routes';

// Random headers, paths, query strings, bodies and tokens at every route, over real HTTP, each
// answer held to the rules (support/fuzz/answer-rules.ts). Deterministic: FUZZ_SEED
// replays a reported run; FUZZ_RUNS is the requests of one family share (the platform routes get
// six shares).
const SEED = Number(process.env.FUZZ_SEED ?? 20260611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Readiness is checked between requests this often, and after every family. */
const READY_EVERY = 50;

/** Limits far above the fuzz's rate, so that requests reach the handlers. */
const OPEN_LIMITS = {
  RATE_LIMIT_USER_PER_MIN: '1000000',
  RATE_LIMIT_ANON_PER_MIN: '1000000',
  RATE_LIMIT_BAD_TOKEN_PER_MIN: '1000000',
  // Raw heads that leave the parser waiting are cut off soon.
  HTTP_REQUEST_TIMEOUT_MS: '1000',
};

/** Limits the fuzz goes over at once: most answers are then the limiter's. */
const TIGHT_LIMITS = {
  RATE_LIMIT_USER_PER_MIN: '20',
  RATE_LIMIT_ANON_PER_MIN: '10',
  RATE_LIMIT_BAD_TOKEN_PER_MIN: '5',
};

const DOWNSTREAM_PATHS = ['/users/', '/config/mobile', '/recommendations', '/products?ids='];

function secretsOf(bff: BffHarness): Secrets {
  const { urls, idp, serviceToken } = bff.backends;
  const internal = [...Object.values(urls), idp.jwksUri].map((url) => new URL(url).host);
  return {
    internalHosts: [...new Set(internal)],
    downstreamDetails: [
      serviceToken,
      INTERNAL_SENTINEL,
      String(INTERNAL_NUMERIC_SENTINEL),
      ...DOWNSTREAM_PATHS,
    ],
  };
}

/** Time for `shares` of requests (a few ms each) and for shrinking a failure (a request a step). */
const budgetMs = (shares: number) => Math.max(60_000, shares * RUNS * 50);

const runs = <T>(shares: number): fc.Parameters<T> => ({
  seed: SEED,
  numRuns: Math.max(1, Math.round(shares * RUNS)),
  // Past it, shrinking stops at the smallest failure so far; a run without failure fails as slow.
  interruptAfterTimeLimit: budgetMs(shares) - 10_000,
  markInterruptAsFailure: true,
});

describe('fuzzing every route', () => {
  let bff: BffHarness;
  let tokens: TokenKit;
  let secrets: Secrets;
  let sent = 0;

  beforeAll(async () => {
    bff = await startBff(OPEN_LIMITS);
    tokens = await mintTokenKit(bff);
    secrets = secretsOf(bff);
  });
  afterAll(() => bff.close());

  async function readinessProblems(baseUrl: string): Promise<string[]> {
    const { status } = await send(baseUrl, {
      method: 'GET',
      target: ROUTES.health.ready,
      headers: {},
    });
    return status === 200 ? [] : [`not ready after it: GET /health/ready answered ${status}`];
  }

  /** Fails with every broken rule, the answer, and (from fast-check) the request. */
  function judge(method: string, target: string, answer: FuzzAnswer, extra: string[]): void {
    const problems = [...answerProblems(method, target, answer, secrets), ...extra];
    if (problems.length > 0) {
      throw new Error(
        `${problems.join('\n')}\nanswer: ${answer.status} ${JSON.stringify(answer.headers)}\n` +
          shorten(answer.body),
      );
    }
  }

  const exchangeWith = (baseUrl: () => string) => async (request: FuzzRequest) => {
    const answer = await send(baseUrl(), request);
    sent += 1;
    const ready = sent % READY_EVERY === 0 ? await readinessProblems(baseUrl()) : [];
    judge(request.method, request.target, answer, ready);
  };
  const exchange = exchangeWith(() => bff.baseUrl);

  afterEach(async () => {
    expect(await readinessProblems(bff.baseUrl)).toEqual([]);
  });

  it(
    'answers every platform route by the rules, whatever it is sent',
    async () => {
      await fc.assert(
        fc.asyncProperty(platformRequests(platformRoutes(), tokens), exchange),
        runs(6),
      );
    },
    budgetMs(6),
  );

  it(
    'answers the operational endpoints (/health, /metrics, /docs) by the rules',
    async () => {
      await fc.assert(fc.asyncProperty(operationalRequests(tokens), exchange), runs(1.5));
    },
    budgetMs(1.5),
  );

  it(
    'answers unknown paths and odd methods by the rules',
    async () => {
      await fc.assert(fc.asyncProperty(unknownRequests(tokens), exchange), runs(1.5));
    },
    budgetMs(1.5),
  );

  it(
    'answers request heads no ordinary client would send by the rules',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawHeads(), async (head) => {
          const answer = await sendRawHead(bff.baseUrl, head);
          sent += 1;
          if (answer === undefined) throw new Error('the connection closed without an answer');
          const [method, target] = head.split(' ');
          judge(method, target, answer, []);
        }),
        runs(1),
      );
    },
    budgetMs(1),
  );

  describe('with tight rate limits', () => {
    let limited: BffHarness;

    beforeAll(async () => {
      limited = await startBff(TIGHT_LIMITS, { backends: bff.backends });
    });
    afterAll(() => limited.close());

    it(
      'answers by the rules once callers are over their limits too',
      async () => {
        const anyRequest = fc.oneof(
          platformRequests(platformRoutes(), tokens),
          operationalRequests(tokens),
          unknownRequests(tokens),
        );
        await fc.assert(
          fc.asyncProperty(
            anyRequest,
            exchangeWith(() => limited.baseUrl),
          ),
          runs(1.5),
        );
        expect(await readinessProblems(limited.baseUrl)).toEqual([]);
      },
      budgetMs(1.5),
    );
  });
});
