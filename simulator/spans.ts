import type { AttributeValue } from '@opentelemetry/api';
import type { ContextInput } from '@baton/sdk';
import type { Random } from './random';
import { FAULT_ATTRIBUTE, FAULT_KEY_ATTRIBUTE, type FaultRates, type FaultType, type InjectedFault, type PlannedHandoff, type PlannedSpan, type PlannedTrace, type SpanKindName, type Topology } from './types';
import { nest, type Facts, type Model, type Rule } from './world';

/**
 * Building blocks of planned traces: a trace under construction, the turn
 * that collects a session's traces, handoffs and faults for one user request,
 * and the GenAI spans agents make (`invoke_agent`, `chat`, `execute_tool`,
 * following the OpenTelemetry GenAI conventions). Span-level faults (tool
 * errors, timeouts) are drawn here, where the spans are made.
 */

type Attributes = Record<string, AttributeValue>;

/** What an agent holds at one point: what its snapshots record. */
export interface Held {
  facts: Facts;
  constraints: Rule[];
  text: string;
  tokens: number;
  tokenLimit: number;
  truncated?: boolean;
}

/** A held context as the SDK helper takes it; facts nested the way apps record them. */
export function contextInput(h: Held, updates: readonly string[] = []): ContextInput {
  return {
    facts: nest(h.facts),
    constraints: h.constraints.map((c) => ({ id: c.id, text: c.text })),
    text: h.text,
    tokens: h.tokens,
    tokenLimit: h.tokenLimit,
    ...(h.truncated ? { truncated: true } : {}),
    ...(updates.length > 0 ? { updates: [...updates] } : {}),
  };
}

/** A context size for what is held plus the agent's working memory: always well below its limit. */
export function tokensFor(r: Random, facts: Facts, constraints: readonly Rule[], text: string): number {
  return 600 + 25 * Object.keys(facts).length + 20 * constraints.length + Math.ceil(text.length / 4) + r.int(0, 1500);
}

/** What a session holds now and the counters its keys and ids are made from. */
export interface SessionState {
  facts: Facts;
  constraints: Rule[];
  traces: number;
  handoffs: number;
}

export interface SessionInfo {
  sessionId: string;
  userId: string;
  /** Key prefix of the session's traces, e.g. `s0041`. */
  key: string;
  topology: Topology;
}

/** What the first agent's first checkpoint of a turn declares or asserts. */
export interface Opening {
  /** Fact keys changed on purpose since the session's previous observation (or the user's previous session). */
  updates: string[];
  /** A cross-session contradiction asserted by this checkpoint. */
  fault?: { type: FaultType; key: string };
}

export class TraceDraft {
  readonly spans: PlannedSpan[] = [];
  readonly delivery = { childrenFirst: false, duplicate: false };

  constructor(
    readonly key: string,
    readonly info: SessionInfo,
    readonly turn: number,
    readonly service: string,
  ) {}

  span(parent: PlannedSpan | undefined, name: string, kind: SpanKindName, startMs: number, attributes: Attributes): PlannedSpan {
    const s: PlannedSpan = { key: `${this.key}.${this.spans.length}`, name, kind, startMs, endMs: startMs, attributes, snapshots: [], links: [] };
    if (parent) s.parentKey = parent.key;
    this.spans.push(s);
    return s;
  }

  /** The trace's root, naming its session and user. */
  root(name: string, kind: SpanKindName, startMs: number, attributes: Attributes): PlannedSpan {
    return this.span(undefined, name, kind, startMs, { ...attributes, 'session.id': this.info.sessionId, 'user.id': this.info.userId });
  }

  get startMs(): number {
    return this.spans[0]?.startMs ?? 0;
  }

  get endMs(): number {
    return this.spans.reduce((m, s) => Math.max(m, s.endMs), this.startMs);
  }

  build(topology: Topology): PlannedTrace {
    return { key: this.key, sessionId: this.info.sessionId, userId: this.info.userId, turn: this.turn, topology, service: this.service, spans: this.spans, delivery: { ...this.delivery } };
  }
}

/** One user request of a session: the traces it makes, its handoffs and its faults. */
export class Turn {
  readonly traces: TraceDraft[] = [];
  readonly handoffs: PlannedHandoff[] = [];
  /** `handoff` indexes the turn's own handoffs until the plan takes them. */
  readonly faults: InjectedFault[] = [];

  constructor(
    readonly r: Random,
    readonly rates: FaultRates,
    readonly info: SessionInfo,
    readonly state: SessionState,
    readonly opening: Opening,
    /** Whether a model call may time out here (a 30 s call must still end inside the window). */
    readonly allowTimeout: boolean,
    /** The longest wait between two traces of the turn (a queue's consumer) the window allows. */
    readonly maxDelayMs: number,
  ) {}

  trace(service: string): TraceDraft {
    const n = this.state.traces++;
    const draft = new TraceDraft(`${this.info.key}.t${n}`, this.info, n, service);
    this.traces.push(draft);
    return draft;
  }

  /** Records a fault and labels its span (`sim.fault`, `sim.fault.key`). */
  fault(type: FaultType, carrier: InjectedFault['carrier'], span: PlannedSpan, key?: string, handoff?: number): void {
    const traceKey = span.key.slice(0, span.key.lastIndexOf('.'));
    const f: InjectedFault = { type, carrier, sessionId: this.info.sessionId, traceKey, spanKey: span.key };
    if (handoff !== undefined) f.handoff = handoff;
    if (key !== undefined) f.key = key;
    this.faults.push(f);
    label(span, type, key ?? '');
  }

  get endMs(): number {
    return this.traces.reduce((m, t) => Math.max(m, t.endMs), 0);
  }
}

export function label(span: PlannedSpan, type: FaultType, key: string): void {
  const types = (span.attributes[FAULT_ATTRIBUTE] as string[] | undefined) ?? [];
  const keys = (span.attributes[FAULT_KEY_ATTRIBUTE] as string[] | undefined) ?? [];
  span.attributes[FAULT_ATTRIBUTE] = [...types, type];
  span.attributes[FAULT_KEY_ATTRIBUTE] = [...keys, key];
}

/** A few milliseconds of framework work between two spans. */
export const pause = (r: Random) => r.int(2, 40);

/** Ends a span a moment after its last child (or at `at`). */
export function close(r: Random, span: PlannedSpan, at: number): number {
  span.endMs = Math.max(at, span.startMs) + r.int(1, 15);
  return span.endMs;
}

const text = (content: string) => ({ type: 'text', content });
export const instructions = (content: string) => JSON.stringify([text(content)]);
export const userMessages = (content: string) => JSON.stringify([{ role: 'user', parts: [text(content)] }]);

export function agentSpan(draft: TraceDraft, parent: PlannedSpan | undefined, agent: string, model: Model, at: number, extra: Attributes = {}): PlannedSpan {
  return draft.span(parent, `invoke_agent ${agent}`, 'internal', at, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': agent,
    'gen_ai.agent.id': `${agent}-${draft.info.topology}`,
    'gen_ai.provider.name': model.provider,
    'gen_ai.request.model': model.request,
    ...extra,
  });
}

export interface ChatCall {
  model: Model;
  system?: string;
  input: string;
  /** The answer, or a tool the model calls. */
  output: string | { tool: string; args: Record<string, unknown> };
}

/** A model call: 0.4–6 s, or a 30 s timeout when the timeout fault strikes, then one retry (which does not time out). */
export function chat(t: Turn, draft: TraceDraft, parent: PlannedSpan, at: number, call: ChatCall, retry = false): PlannedSpan {
  const { r, rates } = t;
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': call.model.provider,
    'gen_ai.request.model': call.model.request,
    'gen_ai.input.messages': userMessages(call.input),
  };
  if (call.system) attributes['gen_ai.system_instructions'] = instructions(call.system);
  const span = draft.span(parent, `chat ${call.model.request}`, 'client', at, attributes);
  // The OTel HTTP convention for a request sent again.
  if (retry) attributes['http.request.resend_count'] = 1;
  if (!retry && t.allowTimeout && r.chance(rates.timeout)) {
    span.endMs = at + 30_000 + r.int(0, 250);
    span.error = 'deadline exceeded after 30s';
    span.attributes['error.type'] = 'timeout';
    t.fault('timeout', 'span', span);
    return chat(t, draft, parent, span.endMs + r.int(200, 1500), call, true);
  }
  const out = call.output;
  const answer = typeof out === 'string';
  const output = answer
    ? [{ role: 'assistant', parts: [text(out)], finish_reason: 'stop' }]
    : [{ role: 'assistant', parts: [{ type: 'tool_call', id: `call_${r.hex(6)}`, name: out.tool, arguments: out.args }], finish_reason: 'tool_call' }];
  const inputTokens = Math.ceil(((call.system?.length ?? 0) + call.input.length) / 4) + r.int(250, 2500);
  const outputTokens = answer ? Math.ceil(out.length / 4) + r.int(10, 200) : r.int(15, 60);
  Object.assign(span.attributes, {
    'gen_ai.response.model': call.model.response,
    'gen_ai.response.id': `resp_${r.hex(8)}`,
    'gen_ai.response.finish_reasons': [answer ? 'stop' : 'tool_call'],
    'gen_ai.usage.input_tokens': inputTokens,
    'gen_ai.usage.output_tokens': outputTokens,
    'gen_ai.output.messages': JSON.stringify(output),
  });
  span.endMs = at + Math.min(6_000, Math.max(400, r.latency(700 + outputTokens * 6, 0.45)));
  return span;
}

export interface ToolCall {
  tool: string;
  args: Record<string, unknown>;
  result: unknown;
  /** What the tool answers when it fails (tool_error fault): message and `error.type`. */
  failure: readonly [string, string];
}

/** A tool execution: 30–900 ms; fails with `failure` when the tool_error fault strikes. */
export function tool(t: Turn, draft: TraceDraft, parent: PlannedSpan, at: number, call: ToolCall, extra: Attributes = {}): PlannedSpan {
  const { r } = t;
  const span = draft.span(parent, `execute_tool ${call.tool}`, 'internal', at, {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': call.tool,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.id': `call_${r.hex(6)}`,
    'gen_ai.tool.call.arguments': JSON.stringify(call.args),
    ...extra,
  });
  span.endMs = at + Math.min(900, Math.max(30, r.latency(160, 0.7)));
  if (r.chance(t.rates.tool_error)) {
    span.error = call.failure[0];
    span.attributes['error.type'] = call.failure[1];
    t.fault('tool_error', 'span', span);
  } else span.attributes['gen_ai.tool.call.result'] = JSON.stringify(call.result);
  return span;
}

/** Records a checkpoint snapshot of what the agent holds. */
export function checkpoint(span: PlannedSpan, atMs: number, held: Held, updates: readonly string[] = []): void {
  span.snapshots.push({ op: 'checkpoint', atMs, context: contextInput(held, updates) });
}

/** The session's facts after a receiver's: values it changed and facts it added stick (a fault propagates). */
export function adopt(state: SessionState, facts: Facts): void {
  Object.assign(state.facts, facts);
}

/** One session of one topology: its task, and how each of its turns is built. */
export interface SessionScript {
  /** Facts of the task (the order, the trip), by dotted key. */
  taskFacts: Facts;
  constraints: Rule[];
  /** False for topologies that record no snapshots (supervisor). */
  snapshots: boolean;
  /** User requests the session is planned to have (fewer when the window is short). */
  turns: number;
  /** Before a later turn: maybe change a task fact on purpose; returns its key. */
  change?(r: Random, facts: Facts): string | undefined;
  /** Builds one turn's traces starting at `at`. */
  turn(t: Turn, at: number): void;
}

export type ScriptFactory = (r: Random, profile: Facts, startMs: number) => SessionScript;

/** What an agent holds: copies of the facts and rules, with a context size below its limit. */
export function holding(r: Random, facts: Facts, constraints: readonly Rule[], text: string, tokenLimit: number): Held {
  return { facts: { ...facts }, constraints: [...constraints], text, tokens: Math.min(tokenLimit - 1, tokensFor(r, facts, constraints, text)), tokenLimit };
}

/** The first snapshot of a turn's first agent: what the session holds, with the opening's updates and fault. */
export function opening(t: Turn, span: PlannedSpan, at: number, held: Held): void {
  checkpoint(span, at, held, t.opening.updates);
  if (t.opening.fault) t.fault(t.opening.fault.type, 'snapshot', span, t.opening.fault.key);
}
