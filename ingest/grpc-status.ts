import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { ExportError, type ExportFailure } from './export';
import { RetryInfo, RpcStatus } from './otlp/schema';

/**
 * How an OTLP/gRPC export that failed is answered (OTLP specification,
 * "OTLP/gRPC Response", "Failures" and "OTLP/gRPC Throttling").
 *
 * A full write queue is RESOURCE_EXHAUSTED with a google.rpc.RetryInfo in the
 * status details: the specification makes RESOURCE_EXHAUSTED retryable only
 * when the server says it will recover, which RetryInfo does, and gives the
 * delay. An oversized message (refused by grpc-js itself, from
 * `grpc.max_receive_message_length`) is RESOURCE_EXHAUSTED without it, so
 * exporters do not resend what can never fit. A store that cannot write is
 * UNAVAILABLE, always retryable, with a delay too.
 */

export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** The trailer that carries a google.rpc.Status with details (the gRPC "richer error model"). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

export const GRPC_FAILURES: Record<ExportFailure, { code: status; retryDelaySeconds?: number }> = {
  malformed: { code: status.INVALID_ARGUMENT },
  refused: { code: status.INVALID_ARGUMENT },
  'queue-full': { code: status.RESOURCE_EXHAUSTED, retryDelaySeconds: 1 },
  'store-unavailable': { code: status.UNAVAILABLE, retryDelaySeconds: 2 },
};

/** A google.rpc.Status carrying a RetryInfo, encoded for the `grpc-status-details-bin` trailer. */
export function statusDetails(code: status, message: string, retryDelaySeconds: number): Buffer {
  const retryInfo = RetryInfo.encode(RetryInfo.create({ retryDelay: { seconds: retryDelaySeconds, nanos: 0 } })).finish();
  const details = [{ typeUrl: RETRY_INFO_TYPE_URL, value: retryInfo }];
  return Buffer.from(RpcStatus.encode(RpcStatus.create({ code, message, details })).finish());
}

/** The status to end a call with, given its code, message and (for retryable failures) the delay to ask for. */
export function grpcStatus(code: status, message: string, retryDelaySeconds?: number): StatusObject {
  const metadata = new Metadata();
  if (retryDelaySeconds !== undefined) metadata.set(STATUS_DETAILS_KEY, statusDetails(code, message, retryDelaySeconds));
  return { code, details: message, metadata };
}

/** The answer to an export that threw: ExportError by its reason; anything else is a bug (INTERNAL). */
export function grpcFailure(err: unknown): StatusObject {
  if (err instanceof ExportError) {
    const { code, retryDelaySeconds } = GRPC_FAILURES[err.reason];
    return grpcStatus(code, err.message, retryDelaySeconds);
  }
  return grpcStatus(status.INTERNAL, 'internal error while handling the export');
}
