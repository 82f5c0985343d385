import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { log } from '@/lib/log';
import { BadEncodingError, BodyTooLargeError, BudgetFullError, ClientAbortedError, decompress, discardRest, readRaw } from './body';
import { budgetFullMessage, ExportError, ingestExport, type ExportFailure, type ReceiverOptions } from './export';
import { checkIngestKey, MISSING_KEY_MESSAGE } from './ingest-keys';
import { CONTENT_TYPES, exportResponse, RPC_CODE, statusBody, type Encoding, type Signal } from './otlp/responses';

/**
 * OTLP/HTTP receiver (specification: OTLP/HTTP, "Binary Protobuf Encoding",
 * "JSON Protobuf Encoding", "Failures"): POST /v1/traces and POST /v1/logs
 * with protobuf or JSON, optionally gzip. Success is 200 with an
 * ExportTraceServiceResponse / ExportLogsServiceResponse in the request's
 * encoding; failures carry a google.rpc.Status message. Both endpoints share
 * every HTTP rule and differ only in decoding, rows and response message.
 */

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

/** The project of the request's stored key (undefined: from `baton.project`), or a 401. */
function authorize(req: IncomingMessage, opts: ReceiverOptions): string | undefined {
  const check = checkIngestKey(req.headers.authorization, opts.ingestKeys, opts.storedKeys);
  if (!check.ok) throw new HttpError(401, RPC_CODE.UNAUTHENTICATED, MISSING_KEY_MESSAGE, { 'WWW-Authenticate': 'Bearer realm="baton-ingest"' });
  return check.project;
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Buffer, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': CONTENT_TYPES[encoding], 'Content-Length': String(body.length), ...headers });
  res.end(body);
}

const ENDPOINTS: ReadonlyMap<string, Signal> = new Map([
  ['/v1/traces', 'traces'],
  ['/v1/logs', 'logs'],
]);

/** How each failure of an export is answered over HTTP (OTLP/HTTP "Failures", "Throttling"). */
const FAILURES: Record<ExportFailure, { status: number; rpcCode: number; headers: Record<string, string> }> = {
  malformed: { status: 400, rpcCode: RPC_CODE.INVALID_ARGUMENT, headers: {} },
  refused: { status: 400, rpcCode: RPC_CODE.INVALID_ARGUMENT, headers: {} },
  'queue-full': { status: 429, rpcCode: RPC_CODE.RESOURCE_EXHAUSTED, headers: { 'Retry-After': '1' } },
  'store-unavailable': { status: 503, rpcCode: RPC_CODE.UNAVAILABLE, headers: { 'Retry-After': '2' } },
};

async function exportSignal(req: IncomingMessage, res: ServerResponse, opts: ReceiverOptions, signal: Signal): Promise<void> {
  const project = authorize(req, opts);
  const encoding = encodingOf(req);
  if (!encoding) {
    throw new HttpError(
      415,
      RPC_CODE.INVALID_ARGUMENT,
      `unsupported Content-Type "${req.headers['content-type'] ?? ''}" (use application/x-protobuf or application/json)`,
    );
  }
  const compression = contentEncoding(req);
  // The body's bytes are reserved before it is read: from Content-Length when given, else as it arrives.
  const declared = Number(req.headers['content-length']);
  const held = opts.budget.reserve(Number.isFinite(declared) && declared > 0 ? Math.min(declared, opts.maxBodyBytes) : 0);
  if (!held) throw budgetFull(opts);
  try {
    let body: Buffer;
    try {
      const raw = await readRaw(req, opts.maxBodyBytes, (total) => held.growTo(total));
      body = await decompress(raw, compression, opts.maxBodyBytes);
      if (!held.growTo(raw.length + (body === raw ? 0 : body.length))) throw new BudgetFullError('no room for the decompressed body');
    } catch (err) {
      if (err instanceof BudgetFullError) throw budgetFull(opts);
      if (err instanceof BodyTooLargeError) throw new HttpError(413, RPC_CODE.RESOURCE_EXHAUSTED, err.message);
      if (err instanceof BadEncodingError) throw new HttpError(400, RPC_CODE.INVALID_ARGUMENT, err.message);
      throw err;
    }
    try {
      const result = await ingestExport(signal, body, encoding, opts, held, project);
      send(res, 200, encoding, exportResponse(encoding, result.rejected, result.message, signal));
    } catch (err) {
      if (!(err instanceof ExportError)) throw err;
      const failure = FAILURES[err.reason];
      throw new HttpError(failure.status, failure.rpcCode, err.message, failure.headers);
    }
  } finally {
    held.release();
  }
}

/** 429 for an export that does not fit in the receive budget now (OTLP/HTTP "Throttling"). */
const budgetFull = (opts: ReceiverOptions) => new HttpError(429, RPC_CODE.RESOURCE_EXHAUSTED, budgetFullMessage(opts.budget), { 'Retry-After': '1' });

export function otlpHttpHandler(opts: ReceiverOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = (req.url ?? '/').split('?')[0];
    const encoding: Encoding = encodingOf(req) ?? 'json';
    try {
      const signal = ENDPOINTS.get(url ?? '');
      if (signal) {
        if (req.method !== 'POST') {
          throw new HttpError(405, RPC_CODE.UNIMPLEMENTED, 'use POST', { Allow: 'POST' });
        }
        await exportSignal(req, res, opts, signal);
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
      if (!res.headersSent) send(res, e.status, encoding, statusBody(encoding, e.rpcCode, e.message), e.headers);
      // The body may be unread (an answer that came before it): drop the rest, so the client reads the answer.
      discardRest(req);
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
