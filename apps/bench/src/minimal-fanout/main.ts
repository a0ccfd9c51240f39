import Fastify, { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DownstreamPools, SERVICES, ServiceName } from './downstream-pools';
import { loadHome } from './home-screen';
import { sendScreen } from './send-screen';
import { TokenVerifier } from './token-verifier';

/**
 * A hand-written `GET /ios/v1/home` with the BFF's contract and downstream calls but none of its
 * framework, cache or resilience layers: the yardstick the benchmark holds the BFF against.
 * Configured by the BFF's own environment variables, so both get one environment.
 */

const DEADLINE_MS = 800;
/** Kept back from the downstream calls so the answer still leaves within the deadline. */
const DEADLINE_MARGIN_MS = 100;
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const SCALES: Record<string, number> = { '1': 1, '2': 2, '3': 3 };
/** The contract's error envelopes this route can answer: status, code, message, retryable. */
const ERRORS = {
  badScale: [400, 'VALIDATION_FAILED', 'X-Display-Scale must be 1, 2 or 3', false],
  noToken: [401, 'UNAUTHENTICATED', 'A valid bearer token is required.', false],
  noProfile: [
    503,
    'USER_PROFILE_UNAVAILABLE',
    'Could not load your profile. Please try again.',
    true,
  ],
} as const;

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const verifier = await TokenVerifier.create(
    env('AUTH_JWKS_URI'),
    env('AUTH_ISSUER'),
    env('AUTH_AUDIENCE'),
  );
  const urls = Object.fromEntries(
    SERVICES.map((service) => [service, env(`${service.toUpperCase()}_SERVICE_URL`)]),
  ) as Record<ServiceName, string>;
  const downstream = new DownstreamPools(urls, env('UPSTREAM_SERVICE_TOKEN'));
  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.addHook('onRequest', (request, reply, done) => {
    const sent = request.headers['x-request-id'];
    const sane = typeof sent === 'string' && SANE_REQUEST_ID.test(sent);
    reply.header('x-request-id', sane ? sent : randomUUID());
    done();
  });

  app.get('/ios/v1/home', async (request, reply) => {
    const traceparent = TRACEPARENT.exec(String(request.headers.traceparent));
    const traceId = traceparent?.[1] ?? randomUUID().replaceAll('-', '');
    const scaleHeader = request.headers['x-display-scale'];
    const scale = scaleHeader === undefined ? 3 : SCALES[String(scaleHeader)];
    if (scale === undefined) return sendError(reply, 'badScale', traceId);
    const userId = await verifier.userIdOf(request.headers.authorization);
    if (userId === undefined) return sendError(reply, 'noToken', traceId);
    const requestId = reply.getHeader('x-request-id') as string;
    const signal = AbortSignal.timeout(DEADLINE_MS - DEADLINE_MARGIN_MS);
    const screen = await loadHome(downstream, { userId, traceId, requestId, signal }, scale);
    if (!screen) return sendError(reply, 'noProfile', traceId);
    return sendScreen(request, reply, screen, traceId);
  });

  app.get('/__stats', () => ({ downstreamCalls: downstream.calls }));
  app.get('/health', () => ({ status: 'ok' }));

  const stop = () => {
    void app
      .close()
      .then(() => downstream.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(env('PORT')) });
}

function sendError(reply: FastifyReply, error: keyof typeof ERRORS, traceId: string) {
  const [status, code, message, retryable] = ERRORS[error];
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { code, message, traceId, retryable } });
}

main().catch((error: unknown) => {
  console.error('minimal fan-out failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
