import { credentials, makeGenericClientConstructor, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { ExportTraceServiceRequest, ExportTraceServiceResponse, RetryInfo, RpcStatus } from '@/ingest/otlp/schema';

/**
 * A bare OTLP/gRPC client on @grpc/grpc-js, built the way the OpenTelemetry
 * JS exporters build theirs (a generic client with pass-through serializers),
 * for what the exporters cannot send: malformed messages, exact bytes, many
 * calls at once. Tests that only need valid exports use the real exporters
 * (./otel.ts).
 */

export const TRACE_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
export const LOGS_METHOD = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

type Answer = { ok: true; body: Buffer } | { ok: false; error: ServiceError };

export interface RawGrpcClient {
  /** Sends one export; resolves with the response bytes or the status error. */
  call(body: Uint8Array, headers?: Record<string, string>): Promise<Answer>;
  close(): void;
}

const passThrough = (b: Buffer) => b;

/** `target` is host:port; `gzip` compresses every message. */
export function rawGrpcClient(target: string, method = TRACE_METHOD, options: { gzip?: boolean } = {}): RawGrpcClient {
  const Ctor = makeGenericClientConstructor(
    { export: { path: method, requestStream: false, responseStream: false, requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough } },
    'OtlpExport',
  );
  const client = new Ctor(target, credentials.createInsecure(), {
    'grpc.default_compression_algorithm': options.gzip ? 2 : 0,
    // A channel of its own, as separate exporters have.
    'grpc.use_local_subchannel_pool': 1,
  }) as unknown as Client & { export: (body: Buffer, md: Metadata, cb: (err: ServiceError | null, res?: Buffer) => void) => void };
  return {
    call(body, headers = {}) {
      const md = new Metadata();
      for (const [k, v] of Object.entries(headers)) md.set(k.toLowerCase(), v);
      return new Promise((resolve) => {
        client.export(Buffer.from(body), md, (err, res) => resolve(err ? { ok: false, error: err } : { ok: true, body: res as Buffer }));
      });
    },
    close: () => client.close(),
  };
}

/** A protobuf ExportTraceServiceRequest of `n` spans of one trace, each with a padded attribute. */
export function traceRequest(traceId: string, n: number, options: { service?: string; padding?: number } = {}): Uint8Array {
  const now = Date.now();
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: Buffer.from(traceId, 'hex'),
    spanId: Buffer.from((i + 1).toString(16).padStart(16, '0'), 'hex'),
    name: `step ${i}`,
    startTimeUnixNano: `${now - 1000}000000`,
    endTimeUnixNano: `${now}000000`,
    attributes: [{ key: 'payload', value: { stringValue: 'x'.repeat(options.padding ?? 0) } }],
  }));
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: options.service ?? 'raw-grpc' } }] };
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] })).finish();
}

export function decodeTraceResponse(body: Buffer): { partialSuccess?: { rejectedSpans: number; errorMessage: string } } {
  return ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(body), { longs: Number }) as { partialSuccess?: { rejectedSpans: number; errorMessage: string } };
}

/** The RetryInfo delay (seconds) in a status error's `grpc-status-details-bin` trailer, if any. */
export function retryDelaySeconds(error: ServiceError): number | undefined {
  const [bin] = error.metadata?.get('grpc-status-details-bin') ?? [];
  if (!Buffer.isBuffer(bin)) return undefined;
  const st = RpcStatus.toObject(RpcStatus.decode(bin), { longs: Number }) as { code: number; details?: { typeUrl: string; value: Uint8Array }[] };
  const info = st.details?.find((d) => d.typeUrl === 'type.googleapis.com/google.rpc.RetryInfo');
  if (!info || st.code !== error.code) return undefined;
  const retry = RetryInfo.toObject(RetryInfo.decode(info.value), { longs: Number }) as { retryDelay?: { seconds?: number } };
  return retry.retryDelay?.seconds;
}
