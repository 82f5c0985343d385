import { pickAnalysisAttributes, type AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import type { AgentFields } from '@/lib/model/normalize';
import type { DecodedSpan } from './otlp/types';

/**
 * The analysis row of a span as it is written (lib/analysis/analysis-rows.ts):
 * the same values the `spans` row gets, after inheritance along the tree.
 */
export function analysisRow(s: DecodedSpan, f: AgentFields, status: string, links: string): AnalysisSpanRow {
  return {
    trace_id: s.traceId,
    span_id: s.spanId,
    parent_span_id: s.parentSpanId,
    name: s.name,
    agent: f.agent,
    type: f.type,
    tool: f.tool,
    start_ns: s.startNs,
    status_code: status,
    input_tokens: f.inputTokens,
    output_tokens: f.outputTokens,
    links,
    picked: pickAnalysisAttributes(s.attrs.values),
  };
}
