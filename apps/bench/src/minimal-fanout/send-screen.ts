import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HomeScreen } from './home-screen';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Smaller bodies gain little from compression and pay its CPU anyway. */
const COMPRESSION_THRESHOLD_BYTES = 1024;
/**
 * The BFF's settings, so that both do the same work: quality 4 (near gzip's speed; the default,
 * 11, costs milliseconds per body) and a 64 KiB window (bodies are a few KiB).
 */
const BROTLI_OPTIONS = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 16 },
};

/**
 * The screen as the contract wants it sent: a weak content ETag (sha1 of the body without `meta`,
 * whose trace id and time change on every answer; weak, as the BFF's) with 304 on a match,
 * private caching, and br/gzip.
 */
export async function sendScreen(
  request: FastifyRequest,
  reply: FastifyReply,
  screen: HomeScreen,
  traceId: string,
): Promise<FastifyReply> {
  const content = JSON.stringify(screen.content);
  const etag = `W/"${createHash('sha1').update(content).digest('base64url')}"`;
  reply
    .header('cache-control', 'private, max-age=30')
    .header('vary', 'Authorization, Accept-Encoding')
    .header('etag', etag);
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();

  const meta = {
    traceId,
    generatedAt: new Date().toISOString(),
    degraded: screen.degradedSections.length > 0,
    degradedSections: screen.degradedSections,
  };
  // `meta` first, then the content already serialised for the ETag: one stringify, not two.
  const body = Buffer.from(`{"meta":${JSON.stringify(meta)},${content.slice(1)}`);
  reply.header('content-type', 'application/json; charset=utf-8');
  const accepted = request.headers['accept-encoding'] ?? '';
  if (body.length < COMPRESSION_THRESHOLD_BYTES) return reply.send(body);
  if (accepted.includes('br')) {
    return reply.header('content-encoding', 'br').send(await brotli(body, BROTLI_OPTIONS));
  }
  if (accepted.includes('gzip')) {
    return reply.header('content-encoding', 'gzip').send(await gzipAsync(body));
  }
  return reply.send(body);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.slice(2));
}
