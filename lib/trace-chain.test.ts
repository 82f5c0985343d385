import { describe, expect, it } from 'vitest';
import type { Span } from '@/lib/schemas/api';
import type { Drift, Handoff } from '@/lib/schemas/handoffs';
import { buildChain, driftSummary, MAX_CHAIN_NODES, NODE_HEIGHT, NODE_WIDTH } from './trace-chain';
import { apiSpan, NO_DRIFT } from '@/tests/helpers/api-spans';

const T = 'a'.repeat(32);

function span(spanId: string, parentSpanId: string, agent: string, type: Span['type'] = 'agent', error = false): Span {
  return apiSpan(spanId, parentSpanId, 0, 1000, {
    traceId: T,
    name: type === 'agent' ? `invoke_agent ${agent}` : `${type} ${spanId}`,
    status: { code: error ? 'error' : 'unset', message: '' },
    service: 'svc',
    sessionId: 's',
    agent,
    type,
  });
}

function handoff(id: string, from: [string, string], to: [string, string], drift: Partial<Drift> = {}, status: Handoff['status'] = 'complete'): Handoff {
  return {
    id,
    sessionId: 's',
    traceId: T,
    fromTraceId: from[1] ? T : '',
    toTraceId: to[1] ? T : '',
    fromAgent: from[0],
    toAgent: to[0],
    fromSpanId: from[1],
    toSpanId: to[1],
    time: '2026-11-26T00:00:00.500000000Z',
    source: 'explicit',
    status,
    contract: null,
    drift: { ...NO_DRIFT, ...drift },
  };
}

describe('drift summary', () => {
  it('says what was lost first, briefly', () => {
    expect(driftSummary({ status: 'complete', drift: { ...NO_DRIFT, dropped: ['a', 'b'], changed: [{ key: 'c', from: 1, to: 2 }] } })).toBe('−2 dropped, 1 changed');
    expect(driftSummary({ status: 'complete', drift: { ...NO_DRIFT, contractMissing: ['x'], constraintsDropped: ['c1', 'c2'] } })).toBe('1 contract breach, 2 constraints dropped');
    expect(driftSummary({ status: 'complete', drift: { ...NO_DRIFT, added: ['v'], truncated: true } })).toBe('+1 ungrounded, truncated');
    expect(driftSummary({ status: 'complete', drift: { ...NO_DRIFT, method: 'text', textSimilarity: 0.62 } })).toBe('text 62% similar');
    expect(driftSummary({ status: 'complete', drift: NO_DRIFT })).toBe('no drift');
    expect(driftSummary({ status: 'pending', drift: NO_DRIFT })).toBe('pending');
    const many = { ...NO_DRIFT, dropped: ['a'], changed: [{ key: 'b', from: 1, to: 2 }], added: ['c'], truncated: true };
    expect(driftSummary({ status: 'complete', drift: many })).toBe('−1 dropped, 1 changed, +1 ungrounded, …');
  });
});

describe('agent chain', () => {
  const spans = [
    span('p', '', 'planner'),
    span('p-llm', 'p', 'planner', 'llm', true),
    span('r', 'p', 'researcher'),
    span('r-tool', 'r', 'researcher', 'tool'),
    span('w', 'p', 'writer', 'agent', true),
  ];

  it('has a node per agent invocation and an edge per handoff, ending on the agent spans', () => {
    const chain = buildChain({
      traceId: T,
      spans,
      handoffs: [handoff('h1', ['planner', 'p-llm'], ['researcher', 'r-tool'], { dropped: ['budget'], severity: 'warning' }), handoff('h2', ['researcher', 'r'], ['writer', 'w'])],
    });
    expect(chain.nodes.map((n) => [n.id, n.kind, n.agent]).sort()).toEqual([
      ['p', 'agent', 'planner'],
      ['r', 'agent', 'researcher'],
      ['w', 'agent', 'writer'],
    ]);
    expect(chain.edges.map((e) => [e.id, e.source, e.target, e.severity, e.label])).toEqual([
      ['h1', 'p', 'r', 'warning', 'explicit · −1 dropped'],
      ['h2', 'r', 'w', 'none', 'explicit · no drift'],
    ]);
    const byId = new Map(chain.nodes.map((n) => [n.id, n]));
    // Errors in an agent's own work count on it; a nested agent's do not.
    expect(byId.get('p')).toMatchObject({ errors: 1, error: false });
    expect(byId.get('w')).toMatchObject({ errors: 1, error: true });
  });

  it('lays the chain out left to right without overlaps', () => {
    const chain = buildChain({ traceId: T, spans, handoffs: [handoff('h1', ['planner', 'p'], ['researcher', 'r']), handoff('h2', ['researcher', 'r'], ['writer', 'w'])] });
    const x = new Map(chain.nodes.map((n) => [n.id, n.x]));
    expect(x.get('p')!).toBeLessThan(x.get('r')!);
    expect(x.get('r')!).toBeLessThan(x.get('w')!);
    for (const a of chain.nodes) {
      for (const b of chain.nodes) {
        if (a === b) continue;
        const overlap = Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
    // Each edge is routed between its nodes, its label placed between them.
    for (const e of chain.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(e.labelAt!.x).toBeGreaterThan(x.get(e.source)! + NODE_WIDTH);
      expect(e.labelAt!.x).toBeLessThan(x.get(e.target)!);
    }
    expect(chain.width).toBeGreaterThanOrEqual(3 * NODE_WIDTH);
    expect(chain.height).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });

  it('draws a pending receiver as a ghost and a side in another trace as an external node', () => {
    const pending = handoff('h-pending', ['planner', 'p'], ['billing', ''], {}, 'pending');
    const external = { ...handoff('h-ext', ['intake', 'ffff'], ['planner', 'p']), fromTraceId: 'b'.repeat(32) };
    const chain = buildChain({ traceId: T, spans, handoffs: [pending, external] });
    const ghost = chain.nodes.find((n) => n.kind === 'ghost');
    expect(ghost).toMatchObject({ agent: 'billing', spanId: null });
    expect(chain.edges.find((e) => e.id === 'h-pending')).toMatchObject({ pending: true, target: ghost!.id, label: 'explicit · pending' });
    expect(chain.nodes.find((n) => n.kind === 'external')).toMatchObject({ agent: 'intake', spanId: 'ffff', traceId: 'b'.repeat(32) });
  });

  it('spreads parallel edges and marks a compaction as a loop', () => {
    const compaction = { ...handoff('compaction:r@1', ['researcher', 'r'], ['researcher', 'r'], { dropped: ['x'], truncated: true, severity: 'warning' }), source: 'compaction' as const };
    const chain = buildChain({ traceId: T, spans, handoffs: [handoff('a', ['planner', 'p'], ['writer', 'w']), handoff('b', ['planner', 'p'], ['writer', 'w']), compaction] });
    expect(chain.edges.map((e) => [e.id, e.offset, e.selfLoop])).toEqual([
      ['a', -0.5, false],
      ['b', 0.5, false],
      ['compaction:r@1', 0, true],
    ]);
  });

  it('draws at most MAX_CHAIN_NODES agents, those in handoffs first', () => {
    const many = [span('root', '', 'root'), ...Array.from({ length: MAX_CHAIN_NODES + 50 }, (_, i) => span(`a${i}`, 'root', `agent-${i}`))];
    const chain = buildChain({ traceId: T, spans: many, handoffs: [handoff('late', ['root', 'root'], ['agent-249', `a${MAX_CHAIN_NODES + 49}`])] });
    expect(chain.nodes).toHaveLength(MAX_CHAIN_NODES);
    expect(chain.omitted).toBe(51);
    expect(chain.nodes.map((n) => n.id)).toContain(`a${MAX_CHAIN_NODES + 49}`);
  });

  it('is empty for a trace without agents', () => {
    expect(buildChain({ traceId: T, spans: [span('x', '', '', 'llm')], handoffs: [] })).toEqual({ nodes: [], edges: [], width: 0, height: 0, omitted: 0 });
  });
});
