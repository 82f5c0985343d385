import { ExportTraceServiceResponse, RpcStatus } from './schema';

/**
 * OTLP/HTTP response bodies, in the encoding of the request: an
 * ExportTraceServiceResponse on success, a google.rpc.Status on failure.
 */

export type Encoding = 'protobuf' | 'json';

export const CONTENT_TYPES: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export function exportResponse(encoding: Encoding, rejected: number, message: string): Buffer {
  if (encoding === 'json') {
    const body = rejected > 0 ? { partialSuccess: { rejectedSpans: String(rejected), errorMessage: message } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const msg = ExportTraceServiceResponse.create(
    rejected > 0 ? { partialSuccess: { rejectedSpans: rejected, errorMessage: message } } : {},
  );
  return Buffer.from(ExportTraceServiceResponse.encode(msg).finish());
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
