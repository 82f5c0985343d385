import { compareNanos } from '@/lib/domain/time';
import type { AgentFields } from '@/lib/model/normalize';
import type { DecodedSpan } from './otlp/types';

/**
 * Per-trace partial aggregates of the spans in one request: the rows of the
 * `traces` table (see its DDL for what each column means). ClickHouse merges
 * the partials of a trace across requests; readers GROUP BY trace_id.
 */

function nsBefore(a: string, b: string): boolean {
  return compareNanos(a, b) < 0;
}

interface Partial {
  project: string;
  traceId: string;
  start: string;
  end: string;
  lastStart: string;
  root: [number, string, string, string];
  session: [number, string, string];
  user: [number, string, string];
  services: Set<string>;
  agents: Set<string>;
  /** Every session a span of the trace names (the index that finds a session's traces). */
  sessionIds: Set<string>;
}

/** Earlier candidate wins; `flag` 0 (present) sorts before 1 (absent), as in ClickHouse's tuple min. */
function earlier<T extends [number, string, ...string[]]>(current: T, candidate: T): T {
  if (candidate[0] !== current[0]) return candidate[0] < current[0] ? candidate : current;
  return nsBefore(candidate[1], current[1]) ? candidate : current;
}

function utcDay(ns: string): string {
  return new Date(Number(ns.slice(0, -6) || '0')).toISOString().slice(0, 10);
}

export class TraceRollup {
  private readonly byTrace = new Map<string, Partial>();

  add(span: DecodedSpan, f: AgentFields): void {
    const key = `${f.project}\u0000${span.traceId}`;
    const root: Partial['root'] = [span.parentSpanId === '' ? 0 : 1, span.startNs, span.name, f.service];
    const session: Partial['session'] = [f.sessionId ? 0 : 1, span.startNs, f.sessionId];
    const user: Partial['user'] = [f.userId ? 0 : 1, span.startNs, f.userId];
    const t = this.byTrace.get(key);
    if (!t) {
      this.byTrace.set(key, {
        project: f.project,
        traceId: span.traceId,
        start: span.startNs,
        end: span.endNs,
        lastStart: span.startNs,
        root,
        session,
        user,
        services: new Set([f.service]),
        agents: new Set(f.agent ? [f.agent] : []),
        sessionIds: new Set(f.sessionId ? [f.sessionId] : []),
      });
      return;
    }
    if (nsBefore(span.startNs, t.start)) t.start = span.startNs;
    if (nsBefore(t.end, span.endNs)) t.end = span.endNs;
    if (nsBefore(t.lastStart, span.startNs)) t.lastStart = span.startNs;
    t.root = earlier(t.root, root);
    t.session = earlier(t.session, session);
    t.user = earlier(t.user, user);
    t.services.add(f.service);
    if (f.agent) t.agents.add(f.agent);
    if (f.sessionId) t.sessionIds.add(f.sessionId);
  }

  /** The traces seen. */
  traces(): { project: string; traceId: string }[] {
    return [...this.byTrace.values()].map((t) => ({ project: t.project, traceId: t.traceId }));
  }

  /** JSONCompactEachRow lines in the column order of TRACE_COLUMNS. */
  rows(): string[] {
    return [...this.byTrace.values()].map((t) =>
      JSON.stringify([
        t.project,
        t.traceId,
        utcDay(t.start),
        t.start,
        t.end,
        t.lastStart,
        t.root,
        t.session,
        t.user,
        [...t.services],
        [...t.agents],
        [...t.sessionIds],
      ]),
    );
  }
}
