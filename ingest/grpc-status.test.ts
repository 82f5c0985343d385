import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ExportError } from './export';
import { grpcFailure, grpcStatus, RETRY_INFO_TYPE_URL, STATUS_DETAILS_KEY } from './grpc-status';
import { RetryInfo, RpcStatus } from './otlp/schema';

/** The OTLP/gRPC answers to failed exports (specification: "Failures", "OTLP/gRPC Throttling"). */

interface DecodedStatus {
  code: number;
  message: string;
  details?: { typeUrl: string; value: Uint8Array }[];
}

function detailsOf(st: ReturnType<typeof grpcStatus>): DecodedStatus | undefined {
  const [bin] = st.metadata.get(STATUS_DETAILS_KEY);
  if (bin === undefined) return undefined;
  return RpcStatus.toObject(RpcStatus.decode(bin as Buffer), { longs: Number }) as DecodedStatus;
}

function retryDelay(st: ReturnType<typeof grpcStatus>): number | undefined {
  const info = detailsOf(st)?.details?.find((d) => d.typeUrl === RETRY_INFO_TYPE_URL);
  if (!info) return undefined;
  return (RetryInfo.toObject(RetryInfo.decode(info.value), { longs: Number }) as { retryDelay: { seconds: number } }).retryDelay.seconds;
}

describe('grpcFailure', () => {
  it('maps a malformed request to INVALID_ARGUMENT, not retryable', () => {
    const st = grpcFailure(new ExportError('malformed', 'body is not a valid ExportTraceServiceRequest protobuf: truncated'));
    expect(st.code).toBe(status.INVALID_ARGUMENT);
    expect(st.details).toBe('body is not a valid ExportTraceServiceRequest protobuf: truncated');
    expect(detailsOf(st)).toBeUndefined();
  });

  it('maps a full write queue to RESOURCE_EXHAUSTED with a RetryInfo of 1 s, which makes it retryable', () => {
    const st = grpcFailure(new ExportError('queue-full', 'write queue is full (9000 bytes waiting); retry shortly'));
    expect(st.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(retryDelay(st)).toBe(1);
    // The rich status repeats the call's code and message, as the gRPC error model requires.
    expect(detailsOf(st)).toMatchObject({ code: status.RESOURCE_EXHAUSTED, message: 'write queue is full (9000 bytes waiting); retry shortly' });
  });

  it('maps a store that cannot write (or a closing writer) to UNAVAILABLE with a RetryInfo of 2 s', () => {
    const st = grpcFailure(new ExportError('store-unavailable', 'could not write to the store: disk full'));
    expect(st.code).toBe(status.UNAVAILABLE);
    expect(st.details).toBe('could not write to the store: disk full');
    expect(retryDelay(st)).toBe(2);
  });

  it('maps anything else to INTERNAL without leaking its message', () => {
    const st = grpcFailure(new TypeError('x is undefined'));
    expect(st.code).toBe(status.INTERNAL);
    expect(st.details).toBe('internal error while handling the export');
    expect(detailsOf(st)).toBeUndefined();
  });
});

describe('grpcStatus', () => {
  it('carries no details trailer unless a retry delay is given', () => {
    expect(grpcStatus(status.UNAUTHENTICATED, 'missing key').metadata.get(STATUS_DETAILS_KEY)).toEqual([]);
    expect(retryDelay(grpcStatus(status.UNAVAILABLE, 'later', 7))).toBe(7);
  });
});
