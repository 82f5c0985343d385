import type { Severity } from '@/lib/analysis/types';
import type { ChainEdge, ChainNode } from '@/lib/trace-chain';

/**
 * A large agent chain stays readable by folding repeated invocations: when
 * a chain has more than GROUP_ABOVE agent nodes, the invocations of one
 * agent by the same caller (its nearest agent ancestor), GROUP_MIN or more
 * of them, become one node with their count; the handoffs that then join
 * the same two nodes become one edge with theirs, shown by its worst drift
 * (clicking it opens that handoff's diff; every handoff stays listed in the
 * header and marked on its waterfall row). Pure.
 */

export const GROUP_ABOVE = 12;
export const GROUP_MIN = 3;

const RANK: Record<Severity, number> = { none: 0, info: 1, warning: 2, critical: 3 };

export function groupRepeated(nodes: ChainNode[], edges: ChainEdge[], callerOf: (spanId: string) => string | undefined): { nodes: ChainNode[]; edges: ChainEdge[] } {
  const agents = nodes.filter((n) => n.kind === 'agent');
  if (agents.length <= GROUP_ABOVE) return { nodes, edges };
  const groups = new Map<string, ChainNode[]>();
  for (const n of agents) {
    const key = `${callerOf(n.id) ?? ''}\u0000${n.agent}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const leaderOf = new Map<string, string>();
  const leaders = new Map<string, ChainNode>();
  for (const members of groups.values()) {
    if (members.length < GROUP_MIN) continue;
    const [first] = members as [ChainNode, ...ChainNode[]];
    for (const m of members) leaderOf.set(m.id, first.id);
    leaders.set(first.id, {
      ...first,
      count: members.length,
      spanIds: members.flatMap((m) => m.spanIds),
      name: `${members.length} invocations`,
      durationNs: members.reduce((sum, m) => sum + (m.durationNs ?? 0), 0),
      error: members.some((m) => m.error),
      errors: members.reduce((sum, m) => sum + m.errors, 0),
    });
  }
  if (leaders.size === 0) return { nodes, edges };
  const grouped = nodes.flatMap((n) => (leaderOf.has(n.id) ? (leaders.has(n.id) ? [leaders.get(n.id)!] : []) : [n]));

  const merged = new Map<string, ChainEdge[]>();
  for (const e of edges) {
    const source = leaderOf.get(e.source) ?? e.source;
    const target = leaderOf.get(e.target) ?? e.target;
    const moved = leaderOf.has(e.source) || leaderOf.has(e.target);
    // Edges that touch no group keep their own place (and their parallel spread).
    const key = moved ? `${source}\u0000${target}` : `edge\u0000${e.id}`;
    merged.set(key, [...(merged.get(key) ?? []), { ...e, source, target, selfLoop: source === target }]);
  }
  const out: ChainEdge[] = [];
  for (const list of merged.values()) {
    if (list.length === 1) {
      out.push(list[0]!);
      continue;
    }
    const worst = [...list].sort((a, b) => RANK[b.severity] - RANK[a.severity] || Number(a.pending) - Number(b.pending))[0]!;
    const pending = list.every((e) => e.pending);
    out.push({
      ...worst,
      offset: 0,
      pending,
      count: list.length,
      handoffIds: list.flatMap((e) => e.handoffIds),
      label: `${list.length} handoffs · worst: ${worst.summary}`,
      ariaLabel: `${list.length} handoffs ${worst.handoff.fromAgent || 'unknown'} to ${worst.handoff.toAgent || 'unknown'}; the worst: ${worst.ariaLabel}`,
    });
  }
  return { nodes: grouped, edges: out };
}
