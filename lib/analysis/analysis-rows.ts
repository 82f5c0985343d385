import { FRAMEWORK_SIGNAL_KEYS } from './framework-handoffs';
import { CONTEXT_KEYS, CONTEXT_PREFIXES } from './given-context';

/**
 * What the analysis reads of a stored span, in the shape of the analyzer's
 * span query (lib/analyzer/load.ts): the agent-model columns, the links, and
 * only the attributes the analysis uses (`picked`). The writer builds the
 * same rows from the spans it has just written (ingest/analysis-rows.ts), so
 * the analyzer can take them from memory instead of reading them back
 * (lib/analyzer/recent-spans.ts); both go through the same key lists here.
 */
export interface AnalysisSpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  agent: string;
  type: string;
  tool: string;
  start_ns: string;
  status_code: string;
  input_tokens: number;
  output_tokens: number;
  /** The stored `links` column: JSON. */
  links: string;
  picked: Record<string, string>;
}

/** Attributes the analysis reads by key. */
export const ANALYSIS_KEYS: readonly string[] = [...new Set([...CONTEXT_KEYS, ...FRAMEWORK_SIGNAL_KEYS])];
/** …and by prefix. */
export const ANALYSIS_PREFIXES: readonly string[] = [...CONTEXT_PREFIXES];

const keySet = new Set(ANALYSIS_KEYS);

/** The attributes the analysis reads, as the span query's `mapFilter` picks them. */
export function pickAnalysisAttributes(values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(values)) {
    if (keySet.has(key) || ANALYSIS_PREFIXES.some((p) => key.startsWith(p))) out[key] = values[key] as string;
  }
  return out;
}

/** Rough bytes a row holds in memory, for budgets. */
export function analysisRowBytes(row: AnalysisSpanRow): number {
  let bytes = 160 + row.trace_id.length + row.span_id.length + row.name.length + row.links.length;
  for (const key in row.picked) bytes += key.length + (row.picked[key] as string).length;
  return bytes;
}
