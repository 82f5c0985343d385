import type { AttributeValue } from '@opentelemetry/api';
import type { ContextInput, Contract } from '@baton/sdk';

/**
 * The simulator's plan: every trace, span, snapshot and injected fault of a
 * simulated history, as plain data. The generator (`plan.ts`) builds it from
 * a seed without I/O; the emitter (`emit.ts`) replays it through the real
 * OpenTelemetry SDK and `@baton/sdk` (`packages/sdk`); the scorer (`score.ts`) compares Baton's
 * findings with its faults. Same seed, same plan, same traffic.
 */

export const FAULT_TYPES = [
  'dropped_fact',
  'changed_value',
  'ungrounded_fact',
  'dropped_constraint',
  'contract_violation',
  'truncation',
  'cross_session_contradiction',
  'tool_error',
  'timeout',
  'out_of_order_export',
  'duplicate_export',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** Probability of each fault at each place it can be injected (see docs/simulator.md). */
export type FaultRates = Record<FaultType, number>;

export const TOPOLOGIES = ['triage', 'pipeline', 'supervisor', 'queue'] as const;
/**
 * - `triage`: triage → one specialist (billing, refunds, tech), explicit handoff with a contract;
 * - `pipeline`: planner → researcher → writer, explicit handoffs;
 * - `supervisor`: a supervisor runs parallel workers through tools; no Baton attributes at
 *   all (delegation only, what each agent was given is in its messages);
 * - `queue`: an agent hands work to another through a queue: the consumer's trace starts
 *   later, links to the producer's span and receives the handoff by its carrier.
 */
export type Topology = (typeof TOPOLOGIES)[number];

/** A context snapshot to record on a span, through `@baton/sdk` (`packages/sdk`), at `atMs`. */
export type SnapshotOp =
  | { op: 'checkpoint'; atMs: number; context: ContextInput }
  | { op: 'send'; atMs: number; handoffId: string; to: string; contract?: Contract; context: ContextInput }
  | { op: 'receive'; atMs: number; handoffId: string; context: ContextInput }
  | { op: 'compaction'; atMs: number; before: ContextInput; after: ContextInput };

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface PlannedSpan {
  /** Unique in the plan, e.g. `s0007.t2.3`. */
  key: string;
  /** The parent's key; absent for a root. A parent is listed before its children. */
  parentKey?: string;
  name: string;
  kind: SpanKindName;
  /** Epoch milliseconds; `startMs <= endMs`. */
  startMs: number;
  endMs: number;
  /**
   * OTel attributes as the app would set them (GenAI conventions: agent,
   * operation, model, tokens, messages as JSON strings, session, user).
   * Injected faults add `sim.fault` (string[]: the FaultType of every fault
   * injected at this span) and `sim.fault.key` (string[], aligned: the key
   * each one concerns, '' when none): ground truth for tests, never read by
   * Baton's analysis.
   */
  attributes: Record<string, AttributeValue>;
  /** Status ERROR with this message (tool errors, timeouts); absent: status UNSET. */
  error?: string;
  /** Snapshots, in time order, each between startMs and endMs. */
  snapshots: SnapshotOp[];
  /** Keys of spans (maybe in another trace, always planned earlier) this span links to. */
  links: string[];
}

export interface PlannedTrace {
  /** Unique in the plan, e.g. `s0007.t2`. */
  key: string;
  sessionId: string;
  userId: string;
  /** 0-based turn of the session. */
  turn: number;
  topology: Topology;
  /** `service.name` of the resource. */
  service: string;
  /** Parents before children; the first span is the root. */
  spans: PlannedSpan[];
  delivery: {
    /** Export each span alone, children first (exporters with a simple processor, clock skew). */
    childrenFirst: boolean;
    /** Export the trace's spans twice (an exporter retry after a lost response). */
    duplicate: boolean;
  };
}

/** A handoff the plan contains, faulty or not: what Baton should find. */
export interface PlannedHandoff {
  /** Explicit handoffs: the `baton.handoff.id`. Others: undefined. */
  id?: string;
  /** How Baton can see it. */
  source: 'explicit' | 'delegation';
  sessionId: string;
  fromAgent: string;
  toAgent: string;
  /** The sender's and receiver's agent spans. */
  fromSpanKey: string;
  toSpanKey: string;
}

export interface InjectedFault {
  type: FaultType;
  /**
   * Where the evidence lives: `snapshot` (explicit snapshots: Baton must find
   * it exactly), `text` (only in messages: found by the text method, best
   * effort), `span` (span status), `delivery` (how the spans were exported).
   */
  carrier: 'snapshot' | 'text' | 'span' | 'delivery';
  sessionId: string;
  traceKey: string;
  /** The span labelled with `sim.fault`. */
  spanKey: string;
  /** The handoff it corrupts (index into SimPlan.handoffs), for handoff faults. */
  handoff?: number;
  /** The fact key, constraint id or text, or contract entry concerned, when there is one. */
  key?: string;
}

export interface PlannedSession {
  sessionId: string;
  userId: string;
  topology: Topology;
  startMs: number;
  endMs: number;
  /** Trace keys, in turn order. */
  traces: string[];
}

export interface SimPlan {
  seed: number;
  sessions: PlannedSession[];
  /** In start order. */
  traces: PlannedTrace[];
  handoffs: PlannedHandoff[];
  faults: InjectedFault[];
}

export interface SimulationOptions {
  seed: number;
  /** Distinct users; each has several sessions. Default: about a third of the sessions. */
  users?: number;
  /** Per-fault rates; missing ones take the defaults (DEFAULT_FAULT_RATES). */
  faultRates?: Partial<FaultRates>;
}

/** The attribute that labels an injected fault on its span (tests only). */
export const FAULT_ATTRIBUTE = 'sim.fault';
export const FAULT_KEY_ATTRIBUTE = 'sim.fault.key';
