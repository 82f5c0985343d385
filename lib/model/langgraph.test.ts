import { describe, expect, it } from 'vitest';
import type { EncodedAttrs } from '@/lib/domain/attributes';
import { foldSubgraphRuns, handoffDestination, langgraphNode, langgraphTask, lcAgentRun, type RunNode } from './langgraph';
import { normalizeSpan } from './normalize';

/**
 * LangGraph structure as OpenInference's LangChain instrumentation exports it
 * (the shapes of tests/integration/langgraph-supervisor.test.ts, which runs the
 * real framework): a supervisor graph whose nodes are prebuilt ReAct agents.
 */

const chain = (metadata: Record<string, unknown>): EncodedAttrs => ({ values: { 'openinference.span.kind': 'CHAIN', metadata: JSON.stringify(metadata) }, types: {} });
const none: EncodedAttrs = { values: {}, types: {} };
const node = (name: string, ns: string) => chain({ thread_id: 't-1', langgraph_node: name, langgraph_checkpoint_ns: ns });

describe('LangGraph nodes as agents', () => {
  it('takes a named node of the outermost graph for an agent', () => {
    expect(langgraphNode(node('billing_expert', 'billing_expert:9a1'), 'billing_expert')).toBe('billing_expert');
    expect(normalizeSpan(node('billing_expert', 'billing_expert:9a1'), none, 'billing_expert')).toMatchObject({ type: 'agent', agent: 'billing_expert', sessionId: 't-1' });
    // Metadata without a namespace (older LangGraph, hand-written fixtures) still names the node.
    expect(langgraphNode(chain({ langgraph_node: 'researcher' }), 'researcher')).toBe('researcher');
  });

  it.each([
    'agent',
    'tools',
    '__start__',
    '__end__',
    'pre_model_hook',
    'post_model_hook',
    'generate_structured_response',
    // LangChain createAgent's model node and middleware hooks.
    'model_request',
    'FilesystemMiddleware.before_agent',
    'SummarizationMiddleware.before_model',
    'HumanInTheLoopMiddleware.after_model',
    'todoListMiddleware.after_agent',
  ])('never takes the internal node %s for an agent', (name) => {
    expect(langgraphNode(node(name, `${name}:1f0`), name)).toBeUndefined();
    expect(normalizeSpan(node(name, `${name}:1f0`), none, name)).toMatchObject({ type: 'workflow', agent: '' });
  });

  it('never takes a node of a nested graph for an agent: it is a step of the agent that runs the graph', () => {
    expect(langgraphNode(node('lookup', 'billing_expert:9a1|lookup:77c'), 'lookup')).toBeUndefined();
    expect(normalizeSpan(node('agent', 'billing_expert:9a1|agent:77c'), none, 'agent')).toMatchObject({ type: 'workflow', agent: '' });
  });

  it('takes no span for an agent that only runs inside a node (runnable sequences, prompts, lambdas)', () => {
    for (const name of ['RunnableSequence', 'prompt', 'RunnableLambda']) expect(langgraphNode(node('billing_expert', 'billing_expert:9a1'), name)).toBeUndefined();
    expect(langgraphNode({ values: { ...node('billing_expert', 'b:1').values, 'openinference.span.kind': 'LLM' }, types: {} }, 'billing_expert')).toBeUndefined();
  });
});

describe('LangChain createAgent runs (lc_agent_name)', () => {
  it('takes the CHAIN span named after its own lc_agent_name for the agent’s run, wherever it runs', () => {
    const run = chain({ lc_agent_name: 'researcher', langgraph_node: 'tools', langgraph_checkpoint_ns: 'tools:1a2' });
    expect(lcAgentRun(run, 'researcher')).toBe('researcher');
    expect(normalizeSpan(run, none, 'researcher')).toMatchObject({ type: 'agent', agent: 'researcher' });
    expect(normalizeSpan(chain({ lc_agent_name: 'planner' }), none, 'planner')).toMatchObject({ type: 'agent', agent: 'planner' });
  });

  it('takes none of the agent’s own steps, no other span kind, and no empty name', () => {
    expect(lcAgentRun(chain({ lc_agent_name: 'researcher', langgraph_node: 'model_request' }), 'model_request')).toBeUndefined();
    expect(lcAgentRun({ values: { 'openinference.span.kind': 'TOOL', metadata: JSON.stringify({ lc_agent_name: 'task' }) }, types: {} }, 'task')).toBeUndefined();
    expect(lcAgentRun(chain({ lc_agent_name: '' }), '')).toBeUndefined();
    expect(normalizeSpan(chain({ lc_agent_name: 'researcher', langgraph_node: 'model_request', langgraph_checkpoint_ns: 'model_request:1' }), none, 'model_request')).toMatchObject({ type: 'workflow', agent: '' });
  });
});

describe('a subgraph run inside its node', () => {
  const task = langgraphTask(JSON.stringify({ langgraph_node: 'supervisor', langgraph_checkpoint_ns: 'supervisor:5b2' }));
  const run = (spanId: string, parentSpanId: string, t: string | undefined, type: RunNode['fields']['type'] = 'agent'): RunNode => ({ spanId, parentSpanId, task: t, fields: { type } });

  it('reads the task (node and checkpoint namespace) from the run metadata', () => {
    expect(task).toBe('supervisor\u0000supervisor:5b2');
    expect(langgraphTask(JSON.stringify({ thread_id: 't' }))).toBeUndefined();
    expect(langgraphTask('not json')).toBeUndefined();
    expect(langgraphTask(undefined)).toBeUndefined();
  });

  it('is the same run as the node: only the node span stays an agent span', () => {
    const nodes = [run('root', '', undefined, 'workflow'), run('outer', 'root', task), run('inner', 'outer', task), run('again', 'inner', task)];
    foldSubgraphRuns(nodes);
    expect(nodes.map((n) => `${n.spanId}:${n.fields.type}`)).toEqual(['root:workflow', 'outer:agent', 'inner:workflow', 'again:workflow']);
  });

  it('leaves agents of another task, or whose parent is not at hand, alone', () => {
    const other = langgraphTask(JSON.stringify({ langgraph_node: 'supervisor', langgraph_checkpoint_ns: 'supervisor:e01' }));
    const nodes = [run('a', '', task), run('b', 'a', other), run('c', 'missing', task), run('d', 'a', undefined), run('e', 'e', task)];
    foldSubgraphRuns(nodes);
    expect(nodes.map((n) => n.fields.type)).toEqual(['agent', 'agent', 'agent', 'agent', 'agent']);
  });
});

describe('LangGraph swarm handoff tools', () => {
  it('reads the agent a handoff tool hands to from its run metadata, and nothing else', () => {
    expect(handoffDestination(JSON.stringify({ langgraph_node: 'tools', __handoff_destination: 'Hotels' }))).toBe('Hotels');
    expect(handoffDestination(JSON.stringify({ langgraph_node: 'tools' }))).toBeUndefined();
    expect(handoffDestination(JSON.stringify({ __handoff_destination: ' ' }))).toBeUndefined();
    expect(handoffDestination(JSON.stringify({ __handoff_destination: 3 }))).toBeUndefined();
    expect(handoffDestination('not json')).toBeUndefined();
    expect(handoffDestination(undefined)).toBeUndefined();
  });
});
