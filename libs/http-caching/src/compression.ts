import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

/** Bodies smaller than this gain little from compression and pay its CPU anyway. */
const THRESHOLD_BYTES = 1024;

/**
 * gzip or brotli per Accept-Encoding. Brotli at quality 4: near gzip's speed with smaller output;
 * the default (11) costs tens of milliseconds per response.
 */
export async function registerCompression(fastify: FastifyInstance): Promise<void> {
  await fastify.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: THRESHOLD_BYTES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
