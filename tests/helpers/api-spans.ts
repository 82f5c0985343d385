import type { Span } from '@/lib/schemas/api';
import type { Drift, Handoff } from '@/lib/schemas/handoffs';

/** API-shaped spans and handoffs for the unit tests of the trace page's pure models. */

const BASE = Date.parse('2026-11-26T00:00:00Z');
const iso = (ms: number) => new Date(BASE + ms).toISOString().replace('Z', '000000Z');

export function apiSpan(spanId: string, parentSpanId: string, startMs: number, durationMs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId: 't',
    spanId,
    parentSpanId,
    name: spanId,
    kind: 'internal',
    startTime: iso(startMs),
    endTime: iso(startMs + durationMs),
    durationNs: durationMs * 1_000_000,
    status: { code: 'unset', message: '' },
    service: 's',
    sessionId: '',
    userId: '',
    agent: '',
    type: 'other',
    model: '',
    tool: '',
    usage: { input: 0, output: 0 },
    attributes: {},
    resource: {},
    scope: { name: '', version: '', attributes: {} },
    events: [],
    links: [],
    dropped: { attributes: 0, events: 0, links: 0 },
    messages: null,
    ...extra,
  };
}

/** A complete handoff's drift with nothing lost: tests spread what they need over it. */
export const NO_DRIFT: Drift = {
  dropped: [],
  changed: [],
  added: [],
  contractMissing: [],
  preserveViolated: [],
  forbiddenPresent: [],
  constraintsDropped: [],
  fidelity: 1,
  textSimilarity: null,
  truncated: false,
  severity: 'none',
  method: 'snapshot',
};

/** A handoff in trace `traceId` from [agent, span] to [agent, span]. */
export function apiHandoff(id: string, traceId: string, from: [string, string], to: [string, string], drift: Partial<Drift> = {}, status: Handoff['status'] = 'complete'): Handoff {
  return {
    id,
    sessionId: 's',
    traceId,
    fromTraceId: traceId,
    toTraceId: traceId,
    fromAgent: from[0],
    toAgent: to[0],
    fromSpanId: from[1],
    toSpanId: to[1],
    time: '2026-11-26T00:00:00.500000000Z',
    source: 'delegation',
    status,
    contract: null,
    drift: { ...NO_DRIFT, ...drift },
  };
}
