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

/** The client went away mid-body; there is no one to answer. */
export class ClientAbortedError extends Error {
  override name = 'ClientAbortedError';
}

export class BadEncodingError extends Error {
  override name = 'BadEncodingError';
}

/** The receive budget has no room for more of this body (answered 429, before the rest is read). */
export class BudgetFullError extends Error {
  override name = 'BudgetFullError';
}

/**
 * Past the limit, the rest of an oversized body is read and discarded (up to
 * this many bytes) before the 413 is sent, so a client still writing its body
 * gets the answer instead of a reset connection. Beyond it, the connection is cut.
 */
const DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * Reads the whole body. `hold(total)` is asked before each chunk is kept,
 * with the bytes read so far: when it answers false the read stops with
 * BudgetFullError (the receive budget, see byte-budget.ts).
 */
export function readRaw(req: IncomingMessage, limit: number, hold: (total: number) => boolean = () => true): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit + DISCARD_BYTES) {
    req.destroy();
    return Promise.reject(new BodyTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit && !hold(total)) {
        req.removeAllListeners('data');
        req.pause();
        chunks.length = 0;
        reject(new BudgetFullError('no room for this body in the receive budget'));
        return;
      }
      if (total > limit + DISCARD_BYTES) {
        req.destroy();
        reject(new BodyTooLargeError(`request body exceeds the limit of ${limit} bytes`));
      } else if (total > limit) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (total > limit) reject(new BodyTooLargeError(`request body of ${total} bytes exceeds the limit of ${limit} bytes`));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortedError('the client closed the connection before sending the whole body'));
    });
  });
}

/**
 * Reads and drops the rest of a body that was answered before it was read
 * (a 401, 415 or 429), so the client, still sending, gets to read the answer
 * instead of a reset connection. Past DISCARD_BYTES the connection is cut.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  let dropped = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_BYTES) req.destroy();
  });
  req.resume();
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
