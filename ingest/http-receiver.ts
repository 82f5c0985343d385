import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { log } from '@/lib/log';
import { BadEncodingError, BodyTooLargeError, ClientAbortedError, decompress, readRaw } from './body';
import { logsToRows } from './log-rows';
import { decodeTracesJson } from './otlp/decode-json';
import { decodeLogsJson } from './otlp/decode-logs-json';
import { decodeLogsProtobuf } from './otlp/decode-logs-protobuf';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import { CONTENT_TYPES, exportResponse, RPC_CODE, statusBody, type Encoding, type Signal } from './otlp/responses';
import { MalformedPayloadError } from './otlp/types';
import { rowOptions, toRows, type RowBatch, type RowOptions } from './rows';
import { QueueFullError, type Writer } from './writer';

/**
 * OTLP/HTTP receiver (specification: OTLP/HTTP, "Binary Protobuf Encoding",
 * "JSON Protobuf Encoding", "Failures"): POST /v1/traces and POST /v1/logs
 * with protobuf or JSON, optionally gzip. Success is 200 with an
 * ExportTraceServiceResponse / ExportLogsServiceResponse in the request's
 * encoding; failures carry a google.rpc.Status message. Both endpoints share
 * every HTTP rule and differ only in decoding, rows and response message.
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

/** What differs between the OTLP endpoints. */
interface Endpoint {
  signal: Signal;
  /** What the rejected items are called in the partial-success message. */
  items: string;
  /** Decodes a body (throwing MalformedPayloadError) and builds its rows. */
  rows(body: Buffer, encoding: Encoding, opts: RowOptions): RowBatch;
}

const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map([
  [
    '/v1/traces',
    {
      signal: 'traces',
      items: 'span(s)',
      rows: (body, encoding, opts) => toRows(encoding === 'json' ? decodeTracesJson(body) : decodeTracesProtobuf(body), opts),
    },
  ],
  [
    '/v1/logs',
    {
      signal: 'logs',
      items: 'log record(s)',
      rows: (body, encoding, opts) => logsToRows(encoding === 'json' ? decodeLogsJson(body) : decodeLogsProtobuf(body), opts),
    },
  ],
]);

async function exportSignal(req: IncomingMessage, res: ServerResponse, opts: ReceiverOptions, endpoint: Endpoint): Promise<void> {
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
  let batch: RowBatch;
  try {
    const raw = await readRaw(req, opts.maxBodyBytes);
    const body = await decompress(raw, compression, opts.maxBodyBytes);
    batch = endpoint.rows(body, encoding, rowOptions(opts.retentionDays));
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpError(413, RPC_CODE.RESOURCE_EXHAUSTED, err.message);
    if (err instanceof BadEncodingError || err instanceof MalformedPayloadError) {
      throw new HttpError(400, RPC_CODE.INVALID_ARGUMENT, err.message);
    }
    throw err;
  }
  try {
    await opts.writer.write(batch);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof QueueFullError) {
      throw new HttpError(429, RPC_CODE.RESOURCE_EXHAUSTED, message, { 'Retry-After': '1' });
    }
    log.error('write failed', { error: message, signal: endpoint.signal, accepted: batch.accepted });
    throw new HttpError(503, RPC_CODE.UNAVAILABLE, message, { 'Retry-After': '2' });
  }
  const message =
    batch.rejected > 0 ? `${batch.rejected} ${endpoint.items} rejected: ${batch.reasons.join('; ')}` : '';
  send(res, 200, encoding, exportResponse(encoding, batch.rejected, message, endpoint.signal));
}

export function otlpHttpHandler(opts: ReceiverOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = (req.url ?? '/').split('?')[0];
    const encoding: Encoding = encodingOf(req) ?? 'json';
    try {
      const endpoint = ENDPOINTS.get(url ?? '');
      if (endpoint) {
        if (req.method !== 'POST') {
          throw new HttpError(405, RPC_CODE.UNIMPLEMENTED, 'use POST', { Allow: 'POST' });
        }
        await exportSignal(req, res, opts, endpoint);
        return;
      }
      if (url === '/healthz' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      throw new HttpError(404, RPC_CODE.NOT_FOUND, `no OTLP endpoint at ${url} (traces go to POST /v1/traces, logs to POST /v1/logs)`);
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
