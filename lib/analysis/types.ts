import type { AttrValue } from '@/lib/domain/attributes';

/**
 * The analysis model: context snapshots as agents recorded them, the handoffs
 * between agents, the drift at each handoff and a session's consistency
 * (docs/analysis.md). Pure data; the functions in this folder compute it.
 */

export type FactValue = AttrValue;

/** Facts by dotted path (`trip.budget`): nested objects flattened, everything else a leaf. */
export type Facts = Record<string, FactValue>;

export interface Constraint {
  /** Set when the agent gave the constraint an id (`{ id, text }`). */
  id?: string;
  text: string;
}

export interface Contract {
  required: string[];
  preserve: string[];
  forbidden: string[];
}

export interface Snapshot {
  traceId: string;
  spanId: string;
  /** Nanoseconds since the epoch, decimal text. */
  time: string;
  agent: string;
  sessionId: string;
  phase: string;
  /** Absent (null) is not the same as empty ({}): absent means "not recorded". */
  facts: Facts | null;
  /** Privacy mode: digests (`sha256:…`) by dotted path instead of values. */
  digests: Record<string, string> | null;
  constraints: Constraint[] | null;
  text: string | null;
  tokens: number | null;
  tokenLimit: number | null;
  truncated: boolean;
  /** Fact keys this step changed on purpose. */
  updates: string[];
  handoffId: string;
  handoffTo: string;
  contract: Contract | null;
  /** Why parts of the snapshot could not be read (empty when all is well). */
  invalid: string[];
}

export type HandoffSource = 'explicit' | 'link' | 'framework' | 'delegation' | 'compaction';
export type Severity = 'critical' | 'warning' | 'info' | 'none';
export type DriftMethod = 'snapshot' | 'digest' | 'text';

export interface ChangedFact {
  key: string;
  /** Null in digest mode: Baton never sees the values. */
  from: FactValue | null;
  to: FactValue | null;
}

export interface Drift {
  dropped: string[];
  changed: ChangedFact[];
  added: string[];
  contractMissing: string[];
  preserveViolated: string[];
  forbiddenPresent: string[];
  constraintsDropped: string[];
  fidelity: number;
  textSimilarity: number | null;
  truncated: boolean;
  severity: Severity;
  method: DriftMethod;
}
