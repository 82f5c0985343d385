import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { log } from '@/lib/log';
import { BadEncodingError, BodyTooLargeError, ClientAbortedError, decompress, readRaw } from './body';
import { decodeTracesJson } from './otlp/decode-json';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import { CONTENT_TYPES, exportResponse, RPC_CODE, statusBody, type Encoding } from './otlp/responses';
import { MalformedPayloadError } from './otlp/types';
import { rowOptions, toRows } from './rows';
import { QueueFullError, type Writer } from './writer';

/**
 * OTLP/HTTP receiver (specification: OTLP/HTTP, "Binary Protobuf Encoding",
 * "JSON Protobuf Encoding", "Failures"): POST /v1/traces with protobuf or JSON,
 * optionally gzip. Success is 200 with an ExportTraceServiceResponse in the
 * request's encoding; failures carry a google.rpc.Status message.
 */

export interface ReceiverOptions {
  writer: Writer;
  maxBodyBytes: number;
  retentionDays: number;
  ingestKeys: readonly string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function contentEncoding(req: IncomingMessage): 'gzip' | 'identity' {
  const value = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'identity' || value === '') return 'identity';
  throw new HttpError(415, RPC_CODE.INVALID_ARGUMENT, `unsupported Content-Encoding "${value}" (use gzip or none)`);
}

function encodingOf(req: IncomingMessage): Encoding | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function keyMatches(given: string, keys: readonly string[]): boolean {
  const a = Buffer.from(given);
  let ok = false;
  for (const key of keys) {
    const b = Buffer.from(key);
    // Compare every key, in constant time per key, so timing says nothing.
    if (a.length === b.length && timingSafeEqual(a, b)) ok = true;
  }
  return ok;
}

function authorize(req: IncomingMessage, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match || !keyMatches(match[1] as string, keys)) {
    throw new HttpError(401, RPC_CODE.UNAUTHENTICATED, 'missing or invalid ingest key: send Authorization: Bearer <key>', {
      'WWW-Authenticate': 'Bearer realm="baton-ingest"',
    });
  }
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Buffer, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': CONTENT_TYPES[encoding], 'Content-Length': String(body.length), ...headers });
  res.end(body);
}

async function exportTraces(req: IncomingMessage, res: ServerResponse, opts: ReceiverOptions): Promise<void> {
  authorize(req, opts.ingestKeys);
  const encoding = encodingOf(req);
  if (!encoding) {
    throw new HttpError(
      415,
      RPC_CODE.INVALID_ARGUMENT,
      `unsupported Content-Type "${req.headers['content-type'] ?? ''}" (use application/x-protobuf or application/json)`,
    );
  }
  const compression = contentEncoding(req);
  let decoded;
  try {
    const raw = await readRaw(req, opts.maxBodyBytes);
    const body = await decompress(raw, compression, opts.maxBodyBytes);
    decoded = encoding === 'json' ? decodeTracesJson(body) : decodeTracesProtobuf(body);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpError(413, RPC_CODE.RESOURCE_EXHAUSTED, err.message);
    if (err instanceof BadEncodingError || err instanceof MalformedPayloadError) {
      throw new HttpError(400, RPC_CODE.INVALID_ARGUMENT, err.message);
    }
    throw err;
  }
  const batch = toRows(decoded, rowOptions(opts.retentionDays));
  try {
    await opts.writer.write(batch);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof QueueFullError) {
      throw new HttpError(429, RPC_CODE.RESOURCE_EXHAUSTED, message, { 'Retry-After': '1' });
    }
    log.error('write failed', { error: message, spans: batch.accepted });
    throw new HttpError(503, RPC_CODE.UNAVAILABLE, message, { 'Retry-After': '2' });
  }
  const message =
    batch.rejected > 0 ? `${batch.rejected} span(s) rejected: ${batch.reasons.join('; ')}` : '';
  send(res, 200, encoding, exportResponse(encoding, batch.rejected, message));
}

export function otlpHttpHandler(opts: ReceiverOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = (req.url ?? '/').split('?')[0];
    const encoding: Encoding = encodingOf(req) ?? 'json';
    try {
      if (url === '/v1/traces') {
        if (req.method !== 'POST') {
          throw new HttpError(405, RPC_CODE.UNIMPLEMENTED, 'use POST', { Allow: 'POST' });
        }
        await exportTraces(req, res, opts);
        return;
      }
      if (url === '/healthz' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      throw new HttpError(404, RPC_CODE.NOT_FOUND, `no OTLP endpoint at ${url} (traces go to POST /v1/traces)`);
    } catch (err) {
      if (err instanceof ClientAbortedError) return;
      if (!(err instanceof HttpError)) {
        log.error('otlp request failed', { error: err instanceof Error ? err.stack : String(err) });
        err = new HttpError(500, RPC_CODE.UNAVAILABLE, 'internal error while handling the export');
      }
      const e = err as HttpError;
      // The body may be unread: close the connection rather than reuse it.
      const headers = req.complete ? e.headers : { ...e.headers, Connection: 'close' };
      if (!res.headersSent) send(res, e.status, encoding, statusBody(encoding, e.rpcCode, e.message), headers);
    }
  };
}

export function startOtlpHttpReceiver(port: number, host: string, opts: ReceiverOptions): Promise<Server> {
  const handler = otlpHttpHandler(opts);
  const server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
