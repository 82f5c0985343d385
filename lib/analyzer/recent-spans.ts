import type { ClickHouseClient } from '@clickhouse/client';
import { analysisRowBytes, type AnalysisSpanRow } from '@/lib/analysis/analysis-rows';

/**
 * What the analysis reads of the spans this process has just written, kept
 * in memory (within a byte budget) so the analyzer need not read them back:
 * reading a span back cost the analyzer about as much as writing it. A trace
 * is taken from here only when the store holds exactly the spans kept here,
 * one row each (lib/analyzer/load.ts checks); anything else — spans written
 * before a restart or by another process, a retried span, a trace evicted —
 * is read from the store as before.
 */

interface Entry {
  rows: Map<string, AnalysisSpanRow>;
  /** A span id came twice: which copy the store keeps is the store's to say. */
  duplicate: boolean;
  bytes: number;
}

const DEFAULT_BYTES = 64 << 20;

export class RecentSpans {
  private readonly byTrace = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_BYTES) {}

  /** Rows of a commit; the oldest traces go when the budget is full. */
  add(rows: readonly AnalysisSpanRow[]): void {
    for (const row of rows) {
      let entry = this.byTrace.get(row.trace_id);
      if (entry?.duplicate) continue; // read from the store whatever comes
      if (entry) this.byTrace.delete(row.trace_id); // re-inserted below: the Map's order is the eviction order
      else entry = { rows: new Map(), duplicate: false, bytes: 0 };
      this.byTrace.set(row.trace_id, entry);
      if (entry.rows.has(row.span_id)) {
        entry.duplicate = true;
        this.bytes -= entry.bytes;
        entry.rows.clear();
        entry.bytes = 0;
      } else {
        const size = analysisRowBytes(row);
        entry.rows.set(row.span_id, row);
        entry.bytes += size;
        this.bytes += size;
      }
    }
    for (const [traceId, entry] of this.byTrace) {
      if (this.bytes <= this.maxBytes) break;
      this.byTrace.delete(traceId);
      this.bytes -= entry.bytes;
    }
  }

  /** The kept rows of a trace, unless a span of it came twice. */
  rowsOf(traceId: string): AnalysisSpanRow[] | undefined {
    const entry = this.byTrace.get(traceId);
    return entry && !entry.duplicate ? [...entry.rows.values()] : undefined;
  }

  get size(): { traces: number; bytes: number } {
    return { traces: this.byTrace.size, bytes: this.bytes };
  }
}

// The analyzer registers its cache for the client it reads with; every load through that client may use it.
const KEY = Symbol.for('baton.recent-spans');
type Holder = { [KEY]?: WeakMap<ClickHouseClient, RecentSpans> };
const registry: WeakMap<ClickHouseClient, RecentSpans> = ((globalThis as Holder)[KEY] ??= new WeakMap());

export function keepRecentSpans(client: ClickHouseClient, recent: RecentSpans): void {
  registry.set(client, recent);
}

export function recentSpansOf(client: ClickHouseClient): RecentSpans | undefined {
  return registry.get(client);
}
