/**
 * A trace's token usage, as session totals count it. Model calls (type
 * `llm`) count. An agent run's own usage counts only when no model call runs
 * below it, and no agent run above it counts already: agent runs usually
 * repeat their model calls' totals (AI SDK `ai.generateText`, Pydantic AI's
 * aggregated usage), but some instrumentations send the run's usage and no
 * model-call span at all (the Claude Agent SDK through OpenInference: one
 * AGENT span per query, docs/semantic-mapping.md), and that usage is the
 * only record of the tokens spent.
 */

export interface Usage {
  input: number;
  output: number;
}

export interface UsageSpan {
  spanId: string;
  parentSpanId: string;
  type: string;
}

/** The usage of a trace's spans: `reported` holds the counts of the spans that report any. */
export function traceUsage(spans: readonly UsageSpan[], reported: ReadonlyMap<string, Usage>): Usage {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  // Every span with a model call at or below it; each is visited once, so a parent cycle ends.
  const aboveModel = new Set<string>();
  for (const s of spans) {
    if (s.type !== 'llm') continue;
    for (let p: UsageSpan | undefined = s; p && !aboveModel.has(p.spanId); p = byId.get(p.parentSpanId)) aboveModel.add(p.spanId);
  }
  const ownRun = (s: UsageSpan) => s.type === 'agent' && !aboveModel.has(s.spanId) && reported.has(s.spanId);
  const counted = (s: UsageSpan) => {
    if (s.type === 'llm') return true;
    if (!ownRun(s)) return false;
    const seen = new Set([s.spanId]);
    for (let p = byId.get(s.parentSpanId); p && !seen.has(p.spanId); p = byId.get(p.parentSpanId)) {
      if (ownRun(p)) return false;
      seen.add(p.spanId);
    }
    return true;
  };
  const total: Usage = { input: 0, output: 0 };
  for (const s of spans) {
    const usage = reported.get(s.spanId);
    if (!usage || !counted(s)) continue;
    total.input += usage.input;
    total.output += usage.output;
  }
  return total;
}
