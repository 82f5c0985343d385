import { describe, expect, it } from 'vitest';
import { analyzeSession, type AnalysisSpanWithContext } from './analyze';
import { findHandoffs } from './handoffs';
import { parseSnapshot } from './snapshot';
import type { Snapshot } from './types';

const T = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function span(spanId: string, parentSpanId: string, agent: string, type = 'agent', start = 0, extra: Partial<AnalysisSpanWithContext> = {}): AnalysisSpanWithContext {
  return { traceId: T, spanId, parentSpanId, name: `${type} ${agent}`, agent, type, startNs: String(1_700_000_000_000_000_000n + BigInt(start)), links: [], signals: {}, context: null, ...extra };
}

function snap(spanId: string, agent: string, time: number, attrs: Record<string, string>, traceId = T): Snapshot {
  return parseSnapshot(attrs, { traceId, spanId, time: String(1_700_000_000_000_000_000n + BigInt(time)), agent, sessionId: 's' });
}

const ids = (hs: { source: string; fromAgent: string; toAgent: string; status: string }[]) =>
  hs.map((h) => `${h.source} ${h.fromAgent}>${h.toAgent} ${h.status}`).sort();

describe('finding handoffs', () => {
  it('pairs explicit sent and received snapshots, in any order and across traces', () => {
    const spans = [span('a1', '', 'triage'), { ...span('b1', '', 'billing'), traceId: 'b'.repeat(32) }];
    const received = snap('b1', 'billing', 50, { 'baton.snapshot.phase': 'received', 'baton.handoff.id': 'h1' }, 'b'.repeat(32));
    const sent = snap('a1', 'triage', 10, { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h1', 'baton.handoff.to': 'billing' });
    const [h] = findHandoffs(spans, [received, sent]);
    expect(h).toMatchObject({ id: 'h1', source: 'explicit', status: 'complete', fromAgent: 'triage', toAgent: 'billing', fromSpanId: 'a1', toSpanId: 'b1', toTraceId: 'b'.repeat(32), time: sent.time });
  });

  it('keeps an unanswered sent side pending, addressed to the named receiver', () => {
    const [h] = findHandoffs([span('a1', '', 'triage')], [snap('a1', 'triage', 10, { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h2', 'baton.handoff.to': 'billing' })]);
    expect(h).toMatchObject({ id: 'h2', status: 'pending', fromAgent: 'triage', toAgent: 'billing', toSpanId: '' });
  });

  it('finds delegation, also through a tool, and not within one agent', () => {
    const spans = [
      span('p', '', 'planner'),
      span('r', 'p', 'researcher', 'agent', 5),
      span('tool', 'r', '', 'tool', 6),
      span('w', 'tool', 'writer', 'agent', 7),
      span('again', 'w', 'writer', 'agent', 8),
    ];
    expect(ids(findHandoffs(spans, []))).toEqual(['delegation planner>researcher complete', 'delegation researcher>writer complete']);
  });

  it('follows span links from an agent span to the span it continues, pending while that span is unknown', () => {
    const spans = [span('q', '', 'producer'), span('c', '', 'consumer', 'agent', 10, { links: [{ traceId: T, spanId: 'q' }] }), span('d', '', 'late', 'agent', 20, { links: [{ traceId: 'c'.repeat(32), spanId: 'ffff' }] })];
    const found = findHandoffs(spans, []);
    expect(ids(found)).toEqual(['link >late pending', 'link producer>consumer complete']);
    expect(found.find((h) => h.toAgent === 'late')).toMatchObject({ fromSpanId: 'ffff', fromTraceId: 'c'.repeat(32) });
  });

  it('reads the OTel GenAI transfer and caller attributes', () => {
    const spans = [
      span('t', '', 'triage'),
      span('tool', 't', '', 'tool', 1, { signals: { 'gen_ai.transfer.target.name': 'refunds' } }),
      span('r', '', 'refunds', 'agent', 2),
      span('x', '', 'auditor', 'agent', 3, { signals: { 'gen_ai.caller.name': 'refunds' } }),
      span('y', 'tool', '', 'tool', 4, { signals: { 'gen_ai.transfer.target.name': 'ghost' } }),
    ];
    expect(ids(findHandoffs(spans, []))).toEqual(['framework refunds>auditor complete', 'framework triage>ghost pending', 'framework triage>refunds complete']);
  });

  it('reads the earlier handoff proposal and the OpenAI Agents bridges', () => {
    const spans = [
      span('a', '', 'triage'),
      span('h98', 'a', '', 'other', 1, { signals: { 'gen_ai.agent.handoff.source.name': 'triage', 'gen_ai.agent.handoff.target.name': 'billing' } }),
      span('b', '', 'billing', 'agent', 2),
      span('hx', 'b', '', 'handoff', 3, { name: 'agent_handoff billing -> refunds', signals: { 'gen_ai.handoff.from_agent': 'billing', 'gen_ai.handoff.to_agent': 'refunds' } }),
      span('c', '', 'refunds', 'agent', 4),
      span('oi', 'c', '', 'tool', 5, { name: 'handoff to auditor', signals: { 'input.value': 'refunds', 'output.value': 'auditor' } }),
      span('d', '', 'auditor', 'agent', 6, { signals: { 'graph.node.parent_id': 'refunds' } }),
    ];
    // The OpenInference handoff span and graph parent name the same edge: it is kept once.
    expect(ids(findHandoffs(spans, []))).toEqual(['framework billing>refunds complete', 'framework refunds>auditor complete', 'framework triage>billing complete']);
  });

  it('reads graph.node.parent_id as another span’s graph.node.id (Agno), and AutoGen’s `start` as no caller', () => {
    const spans = [
      span('team', '', 'Travel Team', 'agent', 0, { signals: { 'graph.node.id': '9f2c4e1a7b3d5c60' } }),
      span('tool', 'team', '', 'tool', 1),
      span('m', 'tool', 'Flight Agent', 'agent', 2, { signals: { 'graph.node.id': '1b7e93d04c2a8f15', 'graph.node.parent_id': '9f2c4e1a7b3d5c60' } }),
      span('a', '', 'travel_agent', 'agent', 3, { signals: { 'graph.node.id': 'travel_agent', 'graph.node.parent_id': 'start' } }),
      span('b', '', 'flights_refunder', 'agent', 4, { signals: { 'graph.node.id': 'flights_refunder', 'graph.node.parent_id': 'travel_agent' } }),
    ];
    const found = findHandoffs(spans, []);
    expect(ids(found)).toEqual(['framework Travel Team>Flight Agent complete', 'framework travel_agent>flights_refunder complete']);
    expect(found.find((h) => h.toAgent === 'Flight Agent')).toMatchObject({ fromSpanId: 'team', toSpanId: 'm' });
  });

  it('has a CrewAI delegation received by its tool span, where the coworker runs, not by a later run of the coworker', () => {
    const spans = [
      span('r', '', 'Senior Research Analyst', 'agent', 0),
      span('w', '', 'Tech Content Strategist', 'agent', 1),
      span('d', 'w', '', 'tool', 2, { name: 'Delegate work to coworker.run', tool: 'Delegate work to coworker', signals: { 'input.value': '{"task":"t","context":"c","coworker":"senior research analyst"}' } }),
      span('r2', '', 'Senior Research Analyst', 'agent', 3),
    ];
    const [h] = findHandoffs(spans, []);
    expect(h).toMatchObject({ source: 'framework', status: 'complete', fromAgent: 'Tech Content Strategist', toAgent: 'Senior Research Analyst', fromSpanId: 'w', toSpanId: 'd' });
  });

  it('parses the OpenInference handoff span’s values when their mime type says JSON, as the OpenAI Agents instrumentation sends them', () => {
    const json = 'application/json';
    const spans = [
      span('t', '', 'Triage agent'),
      span('h', 't', '', 'tool', 1, {
        name: 'handoff to Billing agent',
        signals: { 'input.value': '{"from_agent":"Triage agent"}', 'input.mime_type': json, 'output.value': '{"to_agent":"Billing agent"}', 'output.mime_type': json },
      }),
      span('b', '', 'Billing agent', 'agent', 2, { signals: { 'graph.node.parent_id': 'Triage agent' } }),
      // JSON naming nobody falls back to the span's agent and the name in the span name.
      span('h2', 'b', '', 'tool', 3, { name: 'handoff to Refunds agent', signals: { 'input.value': '{}', 'input.mime_type': json, 'output.value': '{}', 'output.mime_type': json } }),
      span('r', '', 'Refunds agent', 'agent', 4),
    ];
    expect(ids(findHandoffs(spans, []))).toEqual(['framework Billing agent>Refunds agent complete', 'framework Triage agent>Billing agent complete']);
  });

  it('reads handoff tools by name and argument, and LangGraph goto spans', () => {
    const tool = (id: string, parent: string, start: number, name: string, signals: Record<string, string> = {}) => span(id, parent, '', 'tool', start, { name, tool: name, signals });
    const spans = [
      span('sup', '', 'supervisor'),
      tool('t1', 'sup', 1, 'transfer_to_researcher'),
      span('res', 'sup', 'researcher', 'agent', 2),
      tool('t2', 'res', 3, 'transfer_to_agent', { 'gen_ai.tool.call.arguments': '{"agent_name":"writer"}' }),
      span('wri', '', 'writer', 'agent', 4),
      tool('t3', 'wri', 5, 'handoff_to_agent', { 'ai.toolCall.args': '{"agent_name":"editor","message":"polish"}' }),
      span('edi', '', 'editor', 'agent', 6),
      tool('t4', 'edi', 7, 'Delegate work to coworker', { 'input.value': '{"task":"check","context":"","coworker":"checker"}' }),
      span('che', '', 'checker', 'agent', 8),
      span('go', 'che', '', 'handoff', 9, { name: 'goto publisher', signals: { 'langgraph.command.source_node': 'checker', 'langgraph.command.goto_node': 'publisher' } }),
      tool('t5', 'che', 10, 'transfer_to_agent', { 'gen_ai.tool.call.arguments': 'not json' }),
      // ADK for JS: the argument is `agentName`, in ADK's own attribute.
      tool('t6', 'che', 11, 'transfer_to_agent', { 'gcp.vertex.agent.tool_call_args': '{"agentName":"archivist"}' }),
      span('arc', '', 'archivist', 'agent', 12),
      // IQ AI's ADK-TS: `agent_name`, in its own `adk.tool_call_args`.
      tool('t7', 'arc', 13, 'transfer_to_agent', { 'adk.tool_call_args': '{"agent_name":"auditor"}' }),
      span('aud', 'arc', 'auditor', 'agent', 14),
    ];
    expect(ids(findHandoffs(spans, []))).toEqual([
      'framework archivist>auditor complete',
      'framework checker>archivist complete',
      'framework checker>publisher pending',
      'framework editor>checker complete',
      'framework researcher>writer complete',
      'framework supervisor>researcher complete',
      'framework writer>editor complete',
    ]);
  });

  it('reads a LangGraph swarm handoff tool: its agent from the run metadata, or its lower-cased name matched to the one agent it normalizes', () => {
    const tool = (id: string, parent: string, start: number, name: string, signals: Record<string, string> = {}) => span(id, parent, '', 'tool', start, { name, tool: name, signals });
    const metadata = (to: string) => JSON.stringify({ langgraph_node: 'tools', langgraph_checkpoint_ns: 'Flights:1|tools:2', __handoff_destination: to });
    const spans = [
      span('f', '', 'Flights'),
      tool('t1', 'f', 1, 'transfer_to_hotels', { metadata: metadata('Hotels') }),
      span('h', '', 'Hotels', 'agent', 2),
      // Without the metadata (a custom tool, another instrumentation), the normalized name still finds the agent.
      tool('t2', 'h', 3, 'transfer_to_car_rental'),
      span('c', '', 'Car Rental', 'agent', 4),
      // Two agents that normalize alike: the name is not guessed.
      tool('t3', 'c', 5, 'transfer_to_desk'),
      span('d1', '', 'Desk', 'agent', 6),
      span('d2', '', 'desk ', 'agent', 7),
    ];
    expect(ids(findHandoffs(spans, []))).toEqual(['framework Car Rental>desk pending', 'framework Flights>Hotels complete', 'framework Hotels>Car Rental complete']);
  });

  it('keeps an edge once, from the source with precedence', () => {
    const spans = [span('p', '', 'triage'), span('c', 'p', 'billing', 'agent', 5)];
    const snaps = [
      snap('p', 'triage', 1, { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h3' }),
      snap('c', 'billing', 6, { 'baton.snapshot.phase': 'received', 'baton.handoff.id': 'h3' }),
    ];
    expect(ids(findHandoffs(spans, snaps))).toEqual(['explicit triage>billing complete']);
  });

  it('pairs compaction snapshots of one agent', () => {
    const snaps = [
      snap('p', 'writer', 1, { 'baton.snapshot.phase': 'compaction_before', 'baton.snapshot.facts': '{"a":1,"b":2}' }),
      snap('p', 'writer', 2, { 'baton.snapshot.phase': 'compaction_after', 'baton.snapshot.facts': '{"a":1}', 'baton.snapshot.truncated': 'true' }),
    ];
    const { handoffs } = analyzeSession({ sessionId: 's', turns: [T], spans: [span('p', '', 'writer')], snapshots: snaps, previous: null });
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ source: 'compaction', fromAgent: 'writer', toAgent: 'writer', drift: { dropped: ['b'], truncated: true, severity: 'warning' } });
  });
});

describe('drift of inferred handoffs', () => {
  it('uses the agents’ snapshots when they recorded some', () => {
    const spans = [span('p', '', 'planner'), span('c', 'p', 'writer', 'agent', 5)];
    const snaps = [snap('p', 'planner', 1, { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"topic":"x","words":500}' }), snap('c', 'writer', 6, { 'baton.snapshot.phase': 'received', 'baton.snapshot.facts': '{"topic":"x"}' })];
    const [h] = analyzeSession({ sessionId: 's', turns: [T], spans, snapshots: snaps, previous: null }).handoffs;
    expect(h).toMatchObject({ source: 'delegation', drift: { method: 'snapshot', dropped: ['words'] } });
  });

  it('compares what each agent was given when there are no snapshots', () => {
    const spans = [
      span('p', '', 'triage', 'agent', 0, { context: 'Never refund more than the budget.\nCustomer C-1042 wants a refund of 120 EUR for order 48213.' }),
      span('c', 'p', 'billing', 'agent', 5),
      span('llm', 'c', '', 'llm', 6, { context: 'Refund 120 EUR on order 48213.' }),
    ];
    const [h] = analyzeSession({ sessionId: 's', turns: [T], spans, snapshots: [], previous: null }).handoffs;
    expect(h!.drift).toMatchObject({ method: 'text', dropped: ['C-1042'], constraintsDropped: ['Never refund more than the budget.'], severity: 'critical' });
  });

  it('grounds receiver facts held earlier in the session', () => {
    const spans = [span('p', '', 'a'), span('c', 'p', 'b', 'agent', 5)];
    const snaps = [
      snap('p', 'a', 0, { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"tier":"gold"}' }),
      snap('p', 'a', 2, { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h', 'baton.snapshot.facts': '{"order":1}' }),
      snap('c', 'b', 6, { 'baton.snapshot.phase': 'received', 'baton.handoff.id': 'h', 'baton.snapshot.facts': '{"order":1,"tier":"gold","vip":true}' }),
    ];
    const [h] = analyzeSession({ sessionId: 's', turns: [T], spans, snapshots: snaps, previous: null }).handoffs;
    expect(h!.drift.added).toEqual(['vip']);
  });
});
