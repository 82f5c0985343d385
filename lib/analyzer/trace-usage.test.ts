import { describe, expect, it } from 'vitest';
import { traceUsage, type Usage, type UsageSpan } from './trace-usage';

const span = (spanId: string, parentSpanId: string, type: string): UsageSpan => ({ spanId, parentSpanId, type });
const usage = (entries: Record<string, [number, number]>) => new Map<string, Usage>(Object.entries(entries).map(([id, [input, output]]) => [id, { input, output }]));

describe('traceUsage', () => {
  it('counts model calls, not the agent runs that repeat their totals', () => {
    const spans = [span('run', '', 'agent'), span('m1', 'run', 'llm'), span('tool', 'run', 'tool'), span('m2', 'run', 'llm')];
    expect(traceUsage(spans, usage({ run: [30, 12], m1: [10, 4], m2: [20, 8] }))).toEqual({ input: 30, output: 12 });
  });

  it('counts an agent run’s own usage when no model call runs below it (one AGENT span per query, tool spans under it)', () => {
    const spans = [span('query', '', 'agent'), span('a', 'query', 'tool'), span('b', 'query', 'tool')];
    expect(traceUsage(spans, usage({ query: [2600, 130] }))).toEqual({ input: 2600, output: 130 });
  });

  it('counts the outermost such run only, when runs with no model call below them nest', () => {
    const spans = [span('outer', '', 'agent'), span('inner', 'outer', 'agent'), span('t', 'inner', 'tool')];
    expect(traceUsage(spans, usage({ outer: [500, 50], inner: [200, 20] }))).toEqual({ input: 500, output: 50 });
  });

  it('counts such a run beside model calls elsewhere in the trace, and never a run above a model call', () => {
    // An app's agent (with its own model call) runs a tool that runs a query reporting usage and no model call.
    const spans = [span('app', '', 'agent'), span('m', 'app', 'llm'), span('tool', 'app', 'tool'), span('query', 'tool', 'agent')];
    expect(traceUsage(spans, usage({ app: [9999, 999], m: [100, 10], query: [700, 70] }))).toEqual({ input: 800, output: 80 });
  });

  it('counts a run whose parent is not stored (yet), and ignores spans of other types', () => {
    const spans = [span('q', 'missing', 'agent'), span('w', 'q', 'workflow')];
    expect(traceUsage(spans, usage({ q: [40, 4], w: [1000, 100] }))).toEqual({ input: 40, output: 4 });
  });

  it('ends on a parent cycle', () => {
    const spans = [span('a', 'b', 'agent'), span('b', 'a', 'agent'), span('c', 'c', 'llm')];
    expect(traceUsage(spans, usage({ a: [1, 1], b: [2, 2], c: [3, 3] }))).toEqual({ input: 3, output: 3 });
  });
});
