import dagre from '@dagrejs/dagre';
import { groupRepeated } from '@/lib/chain-groups';
import type { Severity } from '@/lib/analysis/types';
import type { Span, TraceDetail } from '@/lib/schemas/api';
import type { Handoff } from '@/lib/schemas/handoffs';

/**
 * A trace's agent chain as a graph with positions: one node per agent
 * invocation (agent span), one edge per handoff, laid out left to right by
 * dagre. A handoff side outside this trace is an "external" node (it links to
 * its trace); a pending handoff's missing side is a "ghost" node. Pure, so
 * the layout is unit-tested without a browser.
 */

export const NODE_WIDTH = 188;
export const NODE_HEIGHT = 58;
/** Most agent nodes drawn; past it, the ones in handoffs come first, then the earliest. */
export const MAX_CHAIN_NODES = 200;

export interface ChainNode {
  id: string;
  kind: 'agent' | 'external' | 'ghost';
  agent: string;
  /** The agent span in this trace (agent nodes), or the span in the other trace (external nodes). */
  spanId: string | null;
  /** The other trace (external nodes). */
  traceId: string | null;
  name: string;
  durationNs: number | null;
  /** The agent span itself ended in error. */
  error: boolean;
  /** Error spans in the agent's own work (below it, not under a nested agent). */
  errors: number;
  /** Invocations this node stands for (repeated ones are grouped in a large chain; lib/chain-groups.ts). */
  count: number;
  /** Their agent spans (empty for external and ghost nodes). */
  spanIds: string[];
  x: number;
  y: number;
}

export interface ChainEdge {
  id: string;
  handoff: Handoff;
  source: string;
  target: string;
  severity: Severity;
  pending: boolean;
  summary: string;
  label: string;
  ariaLabel: string;
  /** Handoffs this edge stands for (merged between grouped nodes), this one's id first or its worst. */
  count: number;
  handoffIds: string[];
  /** Position among the edges between the same two nodes, centred on 0 (-0.5, 0.5 for two). */
  offset: number;
  selfLoop: boolean;
  /** The route dagre found (through the label's place), ends included; empty for a loop. */
  points: { x: number; y: number }[];
  /** Where the label goes (dagre's label position), null for a loop. */
  labelAt: { x: number; y: number } | null;
}

export interface ChainModel {
  nodes: ChainNode[];
  edges: ChainEdge[];
  width: number;
  height: number;
  /** Agent invocations not drawn (beyond MAX_CHAIN_NODES). */
  omitted: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A short account of a handoff's drift: "−2 dropped, 1 changed". */
export function driftSummary(h: Pick<Handoff, 'status' | 'drift'>): string {
  if (h.status === 'pending') return 'pending';
  const d = h.drift;
  const contract = d.contractMissing.length + d.preserveViolated.length + d.forbiddenPresent.length;
  const parts: string[] = [];
  if (d.dropped.length) parts.push(`−${d.dropped.length} dropped`);
  if (d.changed.length) parts.push(`${d.changed.length} changed`);
  if (d.added.length) parts.push(`+${d.added.length} ungrounded`);
  if (contract) parts.push(`${contract} contract ${contract === 1 ? 'breach' : 'breaches'}`);
  if (d.constraintsDropped.length) parts.push(`${plural(d.constraintsDropped.length, 'constraint')} dropped`);
  if (d.truncated) parts.push('truncated');
  if (parts.length === 0 && d.textSimilarity !== null && d.textSimilarity < 1) parts.push(`text ${Math.round(d.textSimilarity * 100)}% similar`);
  if (parts.length === 0) return 'no drift';
  return parts.length > 3 ? `${parts.slice(0, 3).join(', ')}, …` : parts.join(', ');
}

/** For every span id, its agent span: itself or its nearest agent ancestor (undefined above any agent). */
function agentOwners(spans: readonly Span[]): Map<string, string | undefined> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const owner = new Map<string, string | undefined>();
  for (const span of spans) {
    const path: string[] = [];
    let found: string | undefined;
    for (let s: Span | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) {
      if (owner.has(s.spanId)) {
        found = owner.get(s.spanId);
        break;
      }
      if (path.includes(s.spanId)) break; // a parent cycle
      path.push(s.spanId);
      if (s.type === 'agent') {
        found = s.spanId;
        break;
      }
    }
    for (const id of path) owner.set(id, byId.get(id)?.type === 'agent' ? id : found);
  }
  return owner;
}

function agentNode(span: Span, errors: number): ChainNode {
  return {
    id: span.spanId,
    kind: 'agent',
    agent: span.agent || span.name,
    spanId: span.spanId,
    traceId: null,
    name: span.name,
    durationNs: span.durationNs,
    error: span.status.code === 'error',
    errors,
    count: 1,
    spanIds: [span.spanId],
    x: 0,
    y: 0,
  };
}

function otherNode(id: string, kind: 'external' | 'ghost', agent: string, spanId: string | null, traceId: string | null): ChainNode {
  const name = kind === 'ghost' ? 'not arrived yet' : 'in another trace';
  return { id, kind, agent: agent || 'unknown agent', spanId, traceId, name, durationNs: null, error: false, errors: 0, count: 1, spanIds: [], x: 0, y: 0 };
}

export function buildChain(trace: Pick<TraceDetail, 'traceId' | 'spans' | 'handoffs'>): ChainModel {
  const owners = agentOwners(trace.spans);
  const spans = new Map(trace.spans.map((s) => [s.spanId, s]));
  const errorsOf = new Map<string, number>();
  for (const s of trace.spans) {
    const owner = s.status.code === 'error' ? owners.get(s.spanId) : undefined;
    if (owner) errorsOf.set(owner, (errorsOf.get(owner) ?? 0) + 1);
  }
  const nodes = new Map<string, ChainNode>();
  const endpoint = (h: Handoff, side: 'from' | 'to'): string => {
    const spanId = side === 'from' ? h.fromSpanId : h.toSpanId;
    const traceId = side === 'from' ? h.fromTraceId : h.toTraceId;
    const agent = side === 'from' ? h.fromAgent : h.toAgent;
    const span = spanId ? spans.get(spanId) : undefined;
    if (span) {
      const owner = spans.get(owners.get(spanId) ?? spanId) ?? span;
      if (!nodes.has(owner.spanId)) nodes.set(owner.spanId, { ...agentNode(owner, errorsOf.get(owner.spanId) ?? 0), agent: owner.agent || agent || owner.name });
      return owner.spanId;
    }
    const id = spanId ? `external:${traceId}:${spanId}` : `ghost:${side}:${h.id}`;
    if (!nodes.has(id)) nodes.set(id, otherNode(id, spanId ? 'external' : 'ghost', agent, spanId || null, traceId || null));
    return id;
  };
  const edges: ChainEdge[] = trace.handoffs.map((h) => {
    const source = endpoint(h, 'from');
    const target = endpoint(h, 'to');
    const summary = driftSummary(h);
    const pending = h.status === 'pending';
    const severity = pending ? 'none' : h.drift.severity;
    return {
      id: h.id,
      handoff: h,
      source,
      target,
      severity,
      pending,
      summary,
      label: `${h.source} · ${summary}`,
      ariaLabel: `Handoff ${h.fromAgent || 'unknown'} to ${h.toAgent || 'unknown'}, ${h.source}, ${pending ? 'pending' : severity === 'none' ? 'no drift' : severity}: ${summary}`,
      count: 1,
      handoffIds: [h.id],
      offset: 0,
      selfLoop: source === target,
      points: [],
      labelAt: null,
    };
  });
  const agentSpans = trace.spans.filter((s) => s.type === 'agent');
  let omitted = 0;
  for (const s of agentSpans) {
    if (nodes.has(s.spanId)) continue;
    if (nodes.size >= MAX_CHAIN_NODES) omitted++;
    else nodes.set(s.spanId, agentNode(s, errorsOf.get(s.spanId) ?? 0));
  }
  const callerOf = (spanId: string) => {
    const parent = spans.get(spanId)?.parentSpanId;
    return parent ? owners.get(parent) : undefined;
  };
  const grouped = groupRepeated([...nodes.values()], edges, callerOf);
  spreadParallel(grouped.edges);
  return { ...layout(grouped.nodes, grouped.edges), edges: grouped.edges, omitted };
}

/** Edges between the same two nodes get distinct offsets so their paths and labels do not overlap. */
function spreadParallel(edges: ChainEdge[]): void {
  const groups = new Map<string, ChainEdge[]>();
  for (const e of edges) {
    const key = [e.source, e.target].sort().join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const group of groups.values()) group.forEach((e, i) => (e.offset = i - (group.length - 1) / 2));
}

function layout(nodes: ChainNode[], edges: ChainEdge[]): Pick<ChainModel, 'nodes' | 'width' | 'height'> {
  if (nodes.length === 0) return { nodes, width: 0, height: 0 };
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 70, edgesep: 18, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  // Edge labels take room between ranks, so dagre spaces them apart.
  for (const e of edges) if (!e.selfLoop) g.setEdge(e.source, e.target, { width: 150, height: 20, labelpos: 'c' }, e.id);
  dagre.layout(g);
  const placed = nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) };
  });
  for (const e of edges) {
    if (e.selfLoop) continue;
    const route = g.edge({ v: e.source, w: e.target, name: e.id });
    e.points = (route?.points ?? []).map((p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
    e.labelAt = route && route.x !== undefined && route.y !== undefined ? { x: Math.round(route.x), y: Math.round(route.y) } : null;
  }
  const graph = g.graph();
  return { nodes: placed, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}
