import { connect } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Delivery of the simulator's spans: the real OTLP/HTTP exporters, called
 * directly (no batch processor) so the emitter decides what goes in each
 * request and in which order, and a small queue that keeps a few requests in
 * flight at once.
 */

export const PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface OtlpTarget {
  /** Base URL of the OTLP/HTTP receiver, e.g. `http://localhost:4318`; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  protocol?: Protocol;
  /** Extra request headers, e.g. `{ Authorization: 'Bearer <key>' }`. */
  headers?: Record<string, string>;
  /** How long one export may take, the exporter's own retries included. Default 30 s. */
  timeoutMs?: number;
  /** Requests in flight at once (the exporter refuses more). */
  concurrency: number;
}

/** An export that failed after the exporter's own retries. */
export class ExportError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`export to ${url} failed: ${reason}`);
    this.name = 'ExportError';
  }
}

/** The traces URL for a receiver's base endpoint (a trailing slash or `/v1/traces` is accepted too). */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/**
 * Opens (and closes) a TCP connection to the endpoint's host and port: a
 * quick, clear failure for a receiver that is not running, before any span
 * is sent (the exporters would retry for their whole timeout first).
 */
export function checkReachable(endpoint: string, timeoutMs = 5_000): Promise<void> {
  const url = tracesUrl(endpoint);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new ExportError(url, 'not a valid URL'));
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new ExportError(url, `no connection within ${timeoutMs} ms`));
    });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (err) => reject(new ExportError(url, describeError(err))));
  });
}

/** One exporter per emitter, resource-agnostic: one request may carry spans of several services. */
export class OtlpSender {
  readonly url: string;
  /** Requests acknowledged so far (an exporter retry is not a new request). */
  requests = 0;
  /** Spans acknowledged so far, duplicates included. */
  spans = 0;
  private readonly exporter: SpanExporter;

  constructor(target: OtlpTarget) {
    this.url = tracesUrl(target.endpoint);
    const config = {
      url: this.url,
      headers: target.headers,
      timeoutMillis: target.timeoutMs ?? 30_000,
      // We bound concurrency ourselves; leave the exporter room so it never refuses a request.
      concurrencyLimit: target.concurrency + 2,
    };
    this.exporter = (target.protocol ?? 'http/protobuf') === 'http/json' ? new JsonTraceExporter(config) : new ProtoTraceExporter(config);
  }

  /** One OTLP request with these spans; resolves when the receiver acknowledged it. */
  send(spans: readonly ReadableSpan[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.exporter.export([...spans], (result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          this.requests++;
          this.spans += spans.length;
          resolve();
        } else reject(new ExportError(this.url, describeError(result.error)));
      });
    });
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}

/** A readable reason: the HTTP status and Baton's message, or the network error code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const parts: string[] = [];
  const e = error as Error & { code?: unknown; data?: unknown; cause?: unknown };
  if (typeof e.code === 'number') parts.push(`HTTP ${e.code}${e.message ? ` ${e.message}` : ''}`);
  else if (typeof e.code === 'string') parts.push(`${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}`);
  else parts.push(e.message || e.name);
  if (typeof e.data === 'string' && e.data.trim()) parts.push(bodyMessage(e.data));
  if (e.cause instanceof Error) parts.push(describeError(e.cause));
  if (error.name === 'AggregateError' && 'errors' in error && Array.isArray(error.errors) && error.errors[0] instanceof Error) parts.push(describeError(error.errors[0]));
  return parts.join(': ');
}

function bodyMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown }; message?: unknown };
    const message = parsed.error?.message ?? parsed.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: show the start of the body
  }
  return body.slice(0, 200);
}

/**
 * Runs jobs with at most `concurrency` at once. `start` waits for a free slot
 * (backpressure for the caller), starts the job and returns its outcome,
 * `done`, which never rejects: an Error when the job failed, undefined when it succeeded.
 */
export class ExportQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
  }

  async start(job: () => Promise<void>): Promise<{ done: Promise<Error | undefined> }> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    const done = job().then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    ).finally(() => {
      this.active--;
      this.waiting.shift()?.();
    });
    return { done };
  }
}
