import { ExportLogsServiceResponse, ExportTraceServiceResponse, RpcStatus } from './schema';

/**
 * OTLP/HTTP response bodies, in the encoding of the request: an
 * ExportTraceServiceResponse or ExportLogsServiceResponse on success, a
 * google.rpc.Status on failure.
 */

export type Encoding = 'protobuf' | 'json';

/** The OTLP signals Baton receives. */
export type Signal = 'traces' | 'logs';

export const CONTENT_TYPES: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** Each signal's response message and the name of its partial-success count field. */
const RESPONSES = {
  traces: { type: ExportTraceServiceResponse, rejectedField: 'rejectedSpans' },
  logs: { type: ExportLogsServiceResponse, rejectedField: 'rejectedLogRecords' },
} as const;

export function exportResponse(encoding: Encoding, rejected: number, message: string, signal: Signal = 'traces'): Buffer {
  const { type, rejectedField } = RESPONSES[signal];
  if (encoding === 'json') {
    const body = rejected > 0 ? { partialSuccess: { [rejectedField]: String(rejected), errorMessage: message } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const msg = type.create(rejected > 0 ? { partialSuccess: { [rejectedField]: rejected, errorMessage: message } } : {});
  return Buffer.from(type.encode(msg).finish());
}

/** gRPC status codes used in error bodies (google.rpc.Code). */
export const RPC_CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNAUTHENTICATED: 16,
  UNAVAILABLE: 14,
  UNIMPLEMENTED: 12,
} as const;

export function statusBody(encoding: Encoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(RpcStatus.encode(RpcStatus.create({ code, message })).finish());
}
