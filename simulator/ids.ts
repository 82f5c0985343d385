import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { Random } from './random';
import type { PlannedTrace } from './types';

/** The OpenTelemetry ids the emitter gives a planned span. */
export interface SpanIds {
  traceId: string;
  spanId: string;
}

const ZERO = /^0+$/;

/**
 * The ids of a trace's spans, in plan order. They depend only on the seed,
 * the trace's key and each span's position in it: not on emission order,
 * concurrency or anything emitted before, so the same seed gives the same
 * trace and span ids on every run.
 */
export function plannedIds(seed: number | string, trace: PlannedTrace): SpanIds[] {
  const random = Random.derive(seed, trace.key);
  const nonZero = (bytes: number) => {
    for (;;) {
      const hex = random.hex(bytes);
      if (!ZERO.test(hex)) return hex; // all-zero ids are invalid in OTLP
    }
  };
  const traceId = nonZero(16);
  const seen = new Set<string>();
  return trace.spans.map(() => {
    let spanId = nonZero(8);
    while (seen.has(spanId)) spanId = nonZero(8);
    seen.add(spanId);
    return { traceId, spanId };
  });
}

/**
 * An OpenTelemetry `IdGenerator` that hands out the ids set just before each
 * `tracer.startSpan` call. Span creation is synchronous, so setting `next`
 * and starting the span cannot interleave with another trace's replay.
 */
export class PlannedIdGenerator implements IdGenerator {
  next: SpanIds | undefined;

  generateTraceId(): string {
    return this.take().traceId;
  }

  generateSpanId(): string {
    // The tracer asks for the span id first and, for a root, the trace id after:
    // keep `next` until the span has been started (see `release`).
    return this.take().spanId;
  }

  /** Forgets the ids once the span has started, so a stray span cannot reuse them. */
  release(): void {
    this.next = undefined;
  }

  private take(): SpanIds {
    if (!this.next) throw new Error('simulator: a span was started outside the emitter (no planned ids)');
    return this.next;
  }
}

/**
 * The ids of spans emitted so far, by plan key, so that a later trace can
 * link to them (queue consumers link to their producer's span). Keeps the
 * most recent `limit` entries: links always point to spans planned shortly
 * before, and a long live run must not grow without bound.
 */
export class IdRegistry {
  private readonly ids = new Map<string, SpanIds>();

  constructor(private readonly limit = 200_000) {}

  get(key: string): SpanIds | undefined {
    return this.ids.get(key);
  }

  set(key: string, ids: SpanIds): void {
    this.ids.delete(key);
    this.ids.set(key, ids);
    while (this.ids.size > this.limit) {
      const oldest = this.ids.keys().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }
}
