import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { UnacceptableBody } from './downstream-failures';
import { JsonNesting } from './json-nesting';

export interface BodyLimits {
  /** The most bytes accepted, counted after decoding. */
  maxBytes: number;
  /** The deepest nesting of arrays and objects accepted. */
  maxDepth: number;
}

/**
 * The codings a service may answer in: the BFF sends no Accept-Encoding, which lets a server use
 * any (RFC 9110 §12.5.3), so the common ones are decoded rather than taken for a broken body.
 */
const DECODERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/**
 * An answer's body as text, decoded, read within the limits. The bytes are counted as they come
 * out of the decoder, which inflates no further than it is read: past a limit, the body is
 * destroyed and nothing more is received or inflated, so a compressed bomb costs the cap at most.
 */
export async function readBoundedBody(
  body: Readable,
  headers: IncomingHttpHeaders,
  limits: BodyLimits,
): Promise<string> {
  let failedFirst = undefined as Readable | undefined;
  try {
    const decoder = decoderFor(headers, limits.maxBytes);
    if (!decoder) return await readWithin(body, limits);
    // Whichever fails first is the cause: the body itself (a reset, a timeout: passed on as it
    // is) or the decoder (a body it cannot read: a bad answer).
    for (const stream of [body, decoder]) stream.once('error', () => (failedFirst ??= stream));
    return await readWithin(
      pipeline(body, decoder, () => undefined),
      limits,
    );
  } catch (error) {
    body.destroy();
    if (failedFirst && failedFirst !== body) throw new UnacceptableBody('not decodable', error);
    throw error;
  }
}

/** The decoder for the answer's coding, none for an unencoded one. */
function decoderFor(headers: IncomingHttpHeaders, maxBytes: number): Transform | undefined {
  const value = headers['content-encoding'];
  const coding = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (coding === undefined || coding === '' || coding === 'identity') {
    if (Number(headers['content-length']) > maxBytes) {
      throw new UnacceptableBody(`Content-Length over ${maxBytes} bytes`);
    }
    return undefined;
  }
  const decoder = typeof coding === 'string' ? DECODERS.get(coding) : undefined;
  if (!decoder) throw new UnacceptableBody('unsupported content-encoding');
  return decoder();
}

async function readWithin(source: Readable, { maxBytes, maxDepth }: BodyLimits): Promise<string> {
  const nesting = new JsonNesting(maxDepth);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new UnacceptableBody(`over ${maxBytes} bytes`);
    if (!nesting.follow(chunk)) throw new UnacceptableBody(`nested deeper than ${maxDepth}`);
    chunks.push(chunk);
  }
  // Most answers arrive in one piece: no copy then.
  return chunks.length === 1
    ? chunks[0].toString('utf8')
    : Buffer.concat(chunks, size).toString('utf8');
}
