import { describe, expect, it } from 'vitest';
import { apiHandoff, apiSpan } from '@/tests/helpers/api-spans';
import { GROUP_ABOVE, GROUP_MIN } from './chain-groups';
import { buildChain } from './trace-chain';

const T = 'c'.repeat(32);
const agent = (id: string, parent: string, name: string, start: number, error = false) =>
  apiSpan(id, parent, start, 10, { agent: name, type: 'agent', name: `invoke_agent ${name}`, status: { code: error ? 'error' : 'unset', message: '' } });

describe('grouping repeated invocations in a large chain', () => {
  // A planner calls a researcher 20 times (a handoff each, one of them drifted) and a writer once; each researcher calls a fetcher.
  const N = 20;
  const spans = [
    agent('p', '', 'planner', 0),
    ...Array.from({ length: N }, (_, i) => agent(`r${i}`, 'p', 'researcher', 1 + i, i === 7)),
    ...Array.from({ length: N }, (_, i) => agent(`f${i}`, `r${i}`, 'fetcher', 1 + i)),
    agent('w', 'p', 'writer', 50),
  ];
  const handoffs = [
    ...Array.from({ length: N }, (_, i) => apiHandoff(`h${i}`, T, ['planner', 'p'], ['researcher', `r${i}`], i === 5 ? { severity: 'warning', dropped: ['budget'] } : {})),
    apiHandoff('hw', T, ['planner', 'p'], ['writer', 'w']),
  ];

  it('folds one agent’s invocations by the same caller into one node with their count', () => {
    const chain = buildChain({ traceId: T, spans, handoffs });
    const byAgent = new Map(chain.nodes.map((n) => [n.agent, n]));
    expect([...byAgent.keys()].sort()).toEqual(['fetcher', 'planner', 'researcher', 'writer']);
    expect(byAgent.get('researcher')).toMatchObject({ count: N, error: true, name: `${N} invocations` });
    expect(byAgent.get('researcher')!.spanIds).toHaveLength(N);
    expect(byAgent.get('writer')).toMatchObject({ count: 1, spanIds: ['w'] });
    // Each fetcher has its own caller (one researcher each): 20 groups of one, not folded.
    expect(chain.nodes.filter((n) => n.agent === 'fetcher')).toHaveLength(N);
  });

  it('merges the handoffs into one edge shown by its worst drift', () => {
    const chain = buildChain({ traceId: T, spans, handoffs });
    const researcher = chain.nodes.find((n) => n.agent === 'researcher')!;
    const toResearcher = chain.edges.filter((e) => e.target === researcher.id);
    expect(toResearcher).toHaveLength(1);
    expect(toResearcher[0]).toMatchObject({ id: 'h5', count: N, severity: 'warning', source: 'p', label: `${N} handoffs · worst: −1 dropped` });
    expect(toResearcher[0]!.handoffIds).toHaveLength(N);
    expect(chain.edges.find((e) => e.id === 'hw')).toMatchObject({ count: 1, target: 'w' });
    expect(chain.edges).toHaveLength(2);
  });

  it('leaves a chain of at most GROUP_ABOVE agents, and fewer than GROUP_MIN repeats, as they are', () => {
    const small = [agent('p', '', 'planner', 0), ...Array.from({ length: GROUP_ABOVE - 1 }, (_, i) => agent(`r${i}`, 'p', 'researcher', 1 + i))];
    expect(buildChain({ traceId: T, spans: small, handoffs: [] }).nodes).toHaveLength(GROUP_ABOVE);
    const distinct = [agent('p', '', 'planner', 0), ...Array.from({ length: 30 }, (_, i) => agent(`a${i}`, 'p', `agent-${i % 15}`, 1 + i))];
    expect(GROUP_MIN).toBeGreaterThan(2);
    expect(buildChain({ traceId: T, spans: distinct, handoffs: [] }).nodes).toHaveLength(31);
  });
});
