import { describe, expect, it } from 'vitest';
import type { AnalysisSpan } from './span-index';
import { findHandoffs } from './handoffs';

/**
 * A Strands swarm's handoffs from its span structure (`@strands-agents/sdk`
 * `src/multiagent/swarm.ts`): `invoke_swarm` → `execute_node` → the node's
 * `invoke_agent`, one node at a time; each node after the first was handed to.
 */

const T = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function span(spanId: string, parentSpanId: string, type: string, op: string, start: number, agent = ''): AnalysisSpan {
  return { traceId: T, spanId, parentSpanId, name: `${op} ${agent || spanId}`, agent, type, startNs: String(1_700_000_000_000_000_000n + BigInt(start)), links: [], signals: { 'gen_ai.operation.name': op } };
}

/** An orchestrator span and, under it, one node span per agent, each around that agent's run. */
function orchestrated(op: 'invoke_swarm' | 'invoke_graph', id: string, agents: string[]): AnalysisSpan[] {
  const spans = [span(id, '', 'workflow', op, 0)];
  agents.forEach((agent, i) => spans.push(span(`${id}-node${i}`, id, 'workflow', 'execute_node', 10 * i + 1), span(`${id}-run${i}`, `${id}-node${i}`, 'agent', 'invoke_agent', 10 * i + 2, agent)));
  return spans;
}

const edges = (spans: AnalysisSpan[]) => findHandoffs(spans, []).map((h) => `${h.source} ${h.fromAgent}>${h.toAgent} ${h.fromSpanId}>${h.toSpanId} ${h.status}`);

describe('Strands swarm handoffs', () => {
  it('hands each node’s agent to the next one’s, in start order, back and forth', () => {
    const spans = orchestrated('invoke_swarm', 's', ['researcher', 'writer', 'researcher']);
    expect(edges([...spans].reverse())).toEqual(['framework researcher>writer s-run0>s-run1 complete', 'framework writer>researcher s-run1>s-run2 complete']);
  });

  it('finds none in a swarm of one node, between two swarm runs, or in a graph (its edges are the app’s plan, not handoffs)', () => {
    expect(edges(orchestrated('invoke_swarm', 's', ['researcher']))).toEqual([]);
    expect(edges([...orchestrated('invoke_swarm', 's1', ['researcher']), ...orchestrated('invoke_swarm', 's2', ['writer'])])).toEqual([]);
    expect(edges(orchestrated('invoke_graph', 'g', ['researcher', 'writer']))).toEqual([]);
  });

  it('needs the node between the swarm and the agent', () => {
    const spans = [span('s', '', 'workflow', 'invoke_swarm', 0), span('a', 's', 'agent', 'invoke_agent', 1, 'researcher'), span('b', 's', 'agent', 'invoke_agent', 2, 'writer')];
    expect(edges(spans)).toEqual([]);
  });
});
