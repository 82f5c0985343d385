import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * Reads a request body within a byte limit, before and after decompression.
 * A gzip bomb stops at the limit: zlib is told the largest output it may
 * produce, so memory never grows past it.
 */

const gunzipAsync = promisify(gunzip);

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export class BadEncodingError extends Error {
  override name = 'BadEncodingError';
}

export async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new BodyTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new BodyTooLargeError(`request body exceeds the limit of ${limit} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

export async function decompress(raw: Buffer, encoding: 'gzip' | 'identity', limit: number): Promise<Buffer> {
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new BodyTooLargeError(`decompressed request body exceeds the limit of ${limit} bytes`);
    }
    throw new BadEncodingError(`body is not valid gzip: ${(err as Error).message}`);
  }
}
