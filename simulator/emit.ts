import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ExportQueue, OtlpSender, type OtlpTarget, type Protocol } from './export-queue';
import { IdRegistry, plannedIds, type SpanIds } from './ids';
import { Replayer } from './replay';
import type { PlannedTrace, SimPlan } from './types';

/**
 * The emitter: replays a plan through the real OpenTelemetry SDK and sends it
 * with the real OTLP/HTTP exporters, deciding itself what each request holds:
 * - ordinary traces, grouped into requests of up to `batchSpans` spans;
 * - `delivery.childrenFirst` traces, one span per request, children before
 *   parents, each acknowledged before the next (the receiver sees orphans first);
 * - `delivery.duplicate` traces, sent once and, after that was acknowledged,
 *   again (an exporter retry after a lost response).
 * Ids depend only on (seed, trace key, span order); see `ids.ts`.
 */

export { ExportError, PROTOCOLS, type Protocol } from './export-queue';
export type { SpanIds } from './ids';
export { runLive, type LiveOptions, type LiveStats, type SessionSource } from './live';

export interface EmitterOptions {
  /** Base URL of the OTLP/HTTP receiver, e.g. `http://localhost:4318`. */
  endpoint: string;
  /** Default `http/protobuf`. */
  protocol?: Protocol;
  /** Extra request headers, e.g. `{ Authorization: 'Bearer <key>' }`. */
  headers?: Record<string, string>;
  /** Seeds the trace and span ids (usually the plan's seed). */
  seed: number | string;
  /** OTLP requests in flight at once. Default 4. */
  concurrency?: number;
  /** Most spans in one request of ordinary traces. Default 512. */
  batchSpans?: number;
  /** How long one export may take, the exporter's retries included. Default 30 s. */
  timeoutMs?: number;
}

export interface EmitResult {
  /** Plan span key → the ids it was sent with (every span of the plan). */
  ids: Map<string, SpanIds>;
  traces: number;
  /** Spans acknowledged by the receiver, duplicates included. */
  spans: number;
  /** OTLP requests acknowledged (an exporter's retry of one is not counted again). */
  requests: number;
}

export interface Emitter {
  /** Where the spans go: `<endpoint>/v1/traces`. */
  readonly url: string;
  /**
   * Replays and sends the plan's traces; resolves once every request was
   * acknowledged. Rejects with an `ExportError` (naming the URL and the
   * reason) when an export failed after the exporter's own retries; nothing
   * more of the plan is sent then. Calls may overlap; they share the
   * concurrency limit.
   */
  emit(plan: Pick<SimPlan, 'traces'>): Promise<EmitResult>;
  /**
   * The ids the plan's spans get, by key, without sending anything; also
   * remembers them, so that traces emitted later may link to these spans
   * even when they are sent first. `emit` does it too.
   */
  prepare(plan: Pick<SimPlan, 'traces'>): Map<string, SpanIds>;
  /** Waits for nothing: call after the last `emit` settled. */
  shutdown(): Promise<void>;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_BATCH_SPANS = 512;

export function createEmitter(options: EmitterOptions): Emitter {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const batchSpans = options.batchSpans ?? DEFAULT_BATCH_SPANS;
  if (!Number.isInteger(batchSpans) || batchSpans < 1) throw new RangeError(`batchSpans must be a positive integer (got ${batchSpans})`);
  const target: OtlpTarget = { endpoint: options.endpoint, protocol: options.protocol, headers: options.headers, timeoutMs: options.timeoutMs, concurrency };
  const sender = new OtlpSender(target);
  const queue = new ExportQueue(concurrency);
  const replayer = new Replayer();
  const registry = new IdRegistry();

  return {
    url: sender.url,
    emit: (plan) => emitPlan(plan.traces, { seed: options.seed, batchSpans, sender, queue, replayer, registry }),
    prepare: (plan) => prepareIds(plan.traces, options.seed, registry).ids,
    async shutdown() {
      await replayer.shutdown();
      await sender.shutdown();
    },
  };
}

interface EmitContext {
  seed: number | string;
  batchSpans: number;
  sender: OtlpSender;
  queue: ExportQueue;
  replayer: Replayer;
  registry: IdRegistry;
}

function prepareIds(traces: readonly PlannedTrace[], seed: number | string, registry: IdRegistry): { ids: Map<string, SpanIds>; perTrace: SpanIds[][] } {
  const ids = new Map<string, SpanIds>();
  const perTrace = traces.map((t) => {
    const list = plannedIds(seed, t);
    t.spans.forEach((s, i) => {
      const own = list[i]!;
      if (ids.has(s.key)) throw new Error(`simulator: span key ${s.key} appears twice in the plan`);
      ids.set(s.key, own);
      registry.set(s.key, own);
    });
    return list;
  });
  return { ids, perTrace };
}

async function emitPlan(traces: readonly PlannedTrace[], ctx: EmitContext): Promise<EmitResult> {
  const { ids, perTrace: traceIds } = prepareIds(traces, ctx.seed, ctx.registry);
  const linkTarget = (key: string) => {
    const found = ids.get(key) ?? ctx.registry.get(key);
    if (!found) throw new Error(`simulator: a span links to ${key}, which was never planned`);
    return found;
  };

  const result: EmitResult = { ids, traces: 0, spans: 0, requests: 0 };
  const send = async (spans: readonly ReadableSpan[]) => {
    await ctx.sender.send(spans);
    result.spans += spans.length;
    result.requests++;
  };
  const outcomes: Promise<Error | undefined>[] = [];
  let failure: Error | undefined;
  const start = async (job: () => Promise<void>) => {
    const { done: outcome } = await ctx.queue.start(job);
    void outcome.then((err) => (failure ??= err));
    outcomes.push(outcome);
  };

  let batch: ReadableSpan[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const spans = batch;
    batch = [];
    await start(() => send(spans));
  };

  for (const [i, planned] of traces.entries()) {
    if (failure) break;
    const spans = ctx.replayer.replay(planned, traceIds[i]!, linkTarget);
    result.traces++;
    const { childrenFirst, duplicate } = planned.delivery;
    if (childrenFirst || duplicate) {
      const requests = childrenFirst ? [...spans].reverse().map((s) => [s]) : chunks(spans, ctx.batchSpans);
      await start(async () => {
        for (const request of requests) await send(request);
        if (duplicate) for (const request of requests) await send(request);
      });
      continue;
    }
    if (batch.length + spans.length > ctx.batchSpans) await flush();
    if (spans.length >= ctx.batchSpans) {
      for (const chunk of chunks(spans, ctx.batchSpans)) await start(() => send(chunk));
    } else batch.push(...spans);
  }
  if (!failure) await flush();

  const errors = (await Promise.all(outcomes)).filter((e): e is Error => e !== undefined);
  if (errors[0]) throw errors[0];
  return result;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
