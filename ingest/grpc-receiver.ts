import {
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  setLogger,
  status,
  type sendUnaryData,
  type Metadata,
  type ServerInterceptor,
  type ServerUnaryCall,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { log } from '@/lib/log';
import { budgetFullMessage, ExportError, ingestExport, type ReceiverOptions } from './export';
import { grpcFailure, grpcStatus } from './grpc-status';
import { checkIngestKey, MISSING_KEY_MESSAGE } from './ingest-keys';
import { exportResponse, type Signal } from './otlp/responses';

/**
 * OTLP/gRPC receiver (specification: "OTLP/gRPC"): the unary Export methods
 * of TraceService and LogsService on @grpc/grpc-js, plaintext HTTP/2.
 *
 * grpc-js frames, decompresses (gzip, deflate) and bounds the messages:
 * `grpc.max_receive_message_length` is BATON_MAX_BODY_BYTES, checked against
 * the length prefix before a byte of the message is buffered, and again while
 * decompressing. The methods are registered with a pass-through deserializer,
 * so the handler gets the raw protobuf bytes and decodes them with the same
 * hand-written decoder, rows and group-commit writer as OTLP/HTTP protobuf
 * (./export.ts). A call is answered only after its rows are written, with
 * partial success as over HTTP. An ingest key, when required, is checked on
 * the call's metadata before its message is read.
 */

export const OTLP_GRPC_METHODS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const passThrough = (bytes: Buffer): Buffer => bytes;

function exportService(path: string): ServiceDefinition {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: passThrough,
      requestDeserialize: passThrough,
      responseSerialize: passThrough,
      responseDeserialize: passThrough,
    },
  };
}

const authorizationOf = (metadata: Metadata) => {
  const [value] = metadata.get('authorization');
  return typeof value === 'string' ? value : undefined;
};

/** Ends a call without a valid `authorization: Bearer <key>` as UNAUTHENTICATED, before its message is read. */
function requireIngestKey(opts: ReceiverOptions): ServerInterceptor {
  return (_method, call) =>
    new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, pass) => {
            if (checkIngestKey(authorizationOf(metadata), opts.ingestKeys, opts.storedKeys).ok) pass(metadata);
            else call.sendStatus(grpcStatus(status.UNAUTHENTICATED, MISSING_KEY_MESSAGE));
          },
        }),
    });
}

/** The call's key checked again for its project (one hash and one lookup in memory): a stored key's, or undefined. */
const keyCheck = (call: ServerUnaryCall<Buffer, Buffer>, opts: ReceiverOptions) =>
  opts.storedKeys ? checkIngestKey(authorizationOf(call.metadata), opts.ingestKeys, opts.storedKeys) : { ok: true as const, project: undefined };

function exportHandler(signal: Signal, opts: ReceiverOptions) {
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    const key = keyCheck(call, opts);
    // Revoked between the metadata and the message.
    if (!key.ok) return callback(grpcStatus(status.UNAUTHENTICATED, MISSING_KEY_MESSAGE));
    // grpc-js has read the message by now (its size bounded by max_receive_message_length); hold it in the budget until its rows are built.
    const held = opts.budget.reserve(call.request.length);
    if (!held) {
      callback(grpcFailure(new ExportError('queue-full', budgetFullMessage(opts.budget))));
      return;
    }
    ingestExport(signal, call.request, 'protobuf', opts, held, key.project).then(
      (result) => callback(null, exportResponse('protobuf', result.rejected, result.message, signal)),
      (err: unknown) => {
        const failure = grpcFailure(err);
        if (failure.code === status.INTERNAL) log.error('otlp/grpc call failed', { error: err instanceof Error ? err.stack : String(err), signal });
        callback(failure);
      },
    );
  };
}

export interface OtlpGrpcReceiver {
  /** The port bound (the actual one when asked for port 0). */
  readonly port: number;
  /**
   * Stops taking calls and connections, and resolves once every call in
   * flight has been answered; after `graceMs`, whatever is left is cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** `host:port` for grpc-js, with IPv6 literals in brackets. */
function address(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** grpc-js's own messages, as Baton's JSON log lines rather than bare console output. */
function routeGrpcLogs(): void {
  const text = (args: unknown[]) => ({ message: args.map(String).join(' ') });
  setLogger({
    error: (...args: unknown[]) => log.warn('grpc-js', text(args)),
    info: (...args: unknown[]) => log.info('grpc-js', text(args)),
    debug: (...args: unknown[]) => log.info('grpc-js', text(args)),
  });
}

export async function startOtlpGrpcReceiver(port: number, host: string, opts: ReceiverOptions): Promise<OtlpGrpcReceiver> {
  routeGrpcLogs();
  const server = new Server({
    'grpc.max_receive_message_length': opts.maxBodyBytes,
    // With stored keys, keys may be made while Baton runs: the check is always in place.
    interceptors: opts.ingestKeys.length > 0 || opts.storedKeys ? [requireIngestKey(opts)] : [],
  });
  for (const signal of ['traces', 'logs'] as const) {
    server.addService(exportService(OTLP_GRPC_METHODS[signal]), { Export: exportHandler(signal, opts) });
  }
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address(host, port), ServerCredentials.createInsecure(), (err, actual) => {
      if (err) reject(new Error(`could not listen for OTLP/gRPC on ${address(host, port)}: ${err.message}`));
      else resolve(actual);
    });
  });
  return {
    port: bound,
    close: (graceMs = 20_000) =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(cut);
          resolve();
        });
      }),
  };
}
