import { describe, expect, it } from 'vitest';
import type { EncodedAttrs } from '@/lib/domain/attributes';
import { inheritAlongTree, normalizeSpan, spanType, type TreeNode } from './normalize';

const attrs = (values: Record<string, string>, types: EncodedAttrs['types'] = {}): EncodedAttrs => ({ values, types });
const none = attrs({});

describe('span type', () => {
  it.each([
    [{ 'gen_ai.operation.name': 'invoke_agent' }, 'x', 'agent'],
    [{ 'gen_ai.operation.name': 'create_agent' }, 'x', 'agent'],
    [{ 'gen_ai.operation.name': 'invoke_workflow' }, 'x', 'workflow'],
    [{ 'gen_ai.operation.name': 'invoke_swarm' }, 'x', 'workflow'],
    [{ 'gen_ai.operation.name': 'execute_node' }, 'x', 'workflow'],
    [{ 'gen_ai.operation.name': 'chat' }, 'x', 'llm'],
    [{ 'gen_ai.operation.name': 'text_completion' }, 'x', 'llm'],
    [{ 'gen_ai.operation.name': 'generate_content' }, 'x', 'llm'],
    [{ 'gen_ai.operation.name': 'embeddings' }, 'x', 'llm'],
    [{ 'gen_ai.operation.name': 'execute_tool' }, 'x', 'tool'],
    [{ 'gen_ai.operation.name': 'retrieval' }, 'x', 'retrieval'],
    [{ 'gen_ai.operation.name': 'search_memory' }, 'x', 'memory'],
    [{ 'gen_ai.operation.name': 'delete_memory_store' }, 'x', 'memory'],
    [{ 'gen_ai.operation.name': 'agent_handoff' }, 'x', 'handoff'],
    [{ 'openinference.span.kind': 'AGENT' }, 'x', 'agent'],
    [{ 'openinference.span.kind': 'LLM' }, 'x', 'llm'],
    [{ 'openinference.span.kind': 'CHAIN' }, 'x', 'workflow'],
    [{ 'openinference.span.kind': 'GUARDRAIL' }, 'x', 'guardrail'],
    [{ 'traceloop.span.kind': 'workflow' }, 'x', 'workflow'],
    [{ 'traceloop.span.kind': 'tool' }, 'x', 'tool'],
    [{ 'ai.operationId': 'ai.generateText' }, 'ai.generateText', 'agent'],
    [{ 'ai.operationId': 'ai.streamText.doStream' }, 'ai.streamText.doStream', 'llm'],
    [{ 'ai.operationId': 'ai.toolCall' }, 'ai.toolCall', 'tool'],
    [{}, 'ai.generateText.doGenerate', 'llm'],
    [{}, 'invoke_agent researcher', 'agent'],
    [{}, 'chat claude-sonnet', 'llm'],
    [{}, 'execute_tool search', 'tool'],
    [{}, 'HTTP GET', 'other'],
    [{ 'gen_ai.system': 'gcp.vertex.agent', 'gen_ai.request.model': 'gemini-2.5-flash' }, 'call_llm', 'llm'],
    [{}, 'call_llm', 'other'],
    [{ 'gen_ai.operation.name': 'generate', 'gen_ai.system.name': 'iqai-adk' }, 'llm_generate [m]', 'llm'],
    [{ 'gen_ai.operation.name': 'generate' }, 'llm_generate [m]', 'other'],
    [{ 'gen_ai.system': 'iqai-adk', 'adk.invocation_id': 'e-1' }, 'agent_run [billing_agent]', 'agent'],
    [{}, 'agent_run [billing_agent]', 'other'],
    [{ 'gen_ai.operation.name': 'something_new' }, 'chat x', 'llm'],
  ])('%j named %s is %s', (values, name, expected) => {
    expect(spanType(attrs(values), name)).toBe(expected);
  });

  it('takes the first convention present', () => {
    expect(spanType(attrs({ 'gen_ai.operation.name': 'chat', 'openinference.span.kind': 'TOOL' }), 'x')).toBe('llm');
  });
});

describe('agent-model fields', () => {
  it('reads the OTel GenAI attributes', () => {
    const f = normalizeSpan(
      attrs(
        {
          'gen_ai.operation.name': 'chat',
          'gen_ai.agent.name': 'writer',
          'gen_ai.conversation.id': 'conv-9',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.input_tokens': '1200',
          'gen_ai.usage.output_tokens': '88',
        },
        { 'gen_ai.usage.input_tokens': 'int', 'gen_ai.usage.output_tokens': 'int' },
      ),
      attrs({ 'service.name': 'svc' }),
      'chat gpt-4o',
    );
    expect(f).toEqual({
      project: 'default',
      service: 'svc',
      sessionId: 'conv-9',
      userId: '',
      agent: 'writer',
      type: 'llm',
      model: 'gpt-4o-2024-08-06',
      inputTokens: 1200,
      outputTokens: 88,
      tool: '',
    });
  });

  it('prefers session.id over later keys and the span over its resource', () => {
    const f = normalizeSpan(attrs({ 'gen_ai.conversation.id': 'c', 'session.id': 's' }), attrs({ 'session.id': 'r', 'user.id': 'ru' }), 'x');
    expect(f.sessionId).toBe('s');
    expect(f.userId).toBe('ru');
  });

  it.each([
    ['enduser.id', 'enduser.id'],
    ['langfuse.user.id', 'langfuse.user.id'],
    ['ai.telemetry.metadata.userId', 'ai.telemetry.metadata.userId'],
    ['mastra.metadata.userId', 'mastra.metadata.userId'],
  ])('reads the user from %s', (key) => {
    expect(normalizeSpan(attrs({ [key]: 'u' }), none, 'x').userId).toBe('u');
  });

  it('names a smolagents run from its span name, on spans with smolagents’ run attributes only', () => {
    expect(normalizeSpan(attrs({ 'openinference.span.kind': 'AGENT', 'smolagents.max_steps': '10' }, { 'smolagents.max_steps': 'int' }), none, 'web_search_agent.run').agent).toBe('web_search_agent');
    expect(normalizeSpan(attrs({ 'openinference.span.kind': 'AGENT' }), none, 'web_search_agent.run').agent).toBe('');
  });

  it('names an ADK-TS run from its span name, on spans with ADK-TS’s system name only', () => {
    expect(normalizeSpan(attrs({ 'gen_ai.system': 'iqai-adk' }), none, 'agent_run [billing_agent]').agent).toBe('billing_agent');
    expect(normalizeSpan(attrs({ 'gen_ai.system': 'iqai-adk' }), none, 'agent_run_live [voice desk]').agent).toBe('voice desk');
    expect(normalizeSpan(attrs({ 'gen_ai.system': 'other' }), none, 'agent_run [billing_agent]').agent).toBe('');
  });

  it('gives the spans under a CrewAI delegation tool to the coworker, matched as CrewAI matches roles', () => {
    const node = (spanId: string, parentSpanId: string, agent: string, runs?: string) => ({ spanId, parentSpanId, fields: { agent, sessionId: '', userId: '' }, runs });
    const nodes = [node('w', '', 'Tech Content Strategist'), node('r', '', 'Senior Research Analyst'), node('d', 'w', '', ' senior  research analyst'), node('llm', 'd', '')];
    inheritAlongTree(nodes);
    expect(nodes.map((n) => n.fields.agent)).toEqual(['Tech Content Strategist', 'Senior Research Analyst', 'Tech Content Strategist', 'Senior Research Analyst']);
  });

  it('reads Mastra’s tracing metadata session before its memory thread (gen_ai.conversation.id)', () => {
    expect(normalizeSpan(attrs({ 'mastra.metadata.sessionId': 's', 'gen_ai.conversation.id': 'thread' }), none, 'x').sessionId).toBe('s');
    expect(normalizeSpan(attrs({ 'gen_ai.conversation.id': 'thread' }), none, 'x').sessionId).toBe('thread');
  });

  it('names the agent from the Vercel function id only on agent runs', () => {
    expect(normalizeSpan(attrs({ 'ai.telemetry.functionId': 'support' }), none, 'ai.generateText').agent).toBe('support');
    expect(normalizeSpan(attrs({ 'ai.telemetry.functionId': 'support' }), none, 'ai.generateText.doGenerate').agent).toBe('');
  });

  it('names the agent from traceloop entities of agent and workflow kinds', () => {
    expect(normalizeSpan(attrs({ 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'router' }), none, 'x').agent).toBe('router');
    expect(normalizeSpan(attrs({ 'traceloop.span.kind': 'task', 'traceloop.entity.name': 'step' }), none, 'x').agent).toBe('');
  });

  it('names no agent after a Strands swarm or graph’s kind, and still after a real name on one', () => {
    const run = (op: string, name: string) => normalizeSpan(attrs({ 'gen_ai.operation.name': op, 'gen_ai.agent.name': name, 'gen_ai.agent.id': 'trip' }), none, `${op} trip`).agent;
    expect([run('invoke_swarm', 'swarm'), run('invoke_graph', 'graph')]).toEqual(['', '']);
    expect([run('invoke_swarm', 'planner'), run('invoke_agent', 'swarm'), run('invoke_graph', 'swarm')]).toEqual(['planner', 'swarm', 'swarm']);
  });

  it('reads VoltAgent’s runs and steps: the sub-agent’s name over the supervisor’s, the conversation, model and tokens', () => {
    const common = { 'entity.type': 'agent', 'entity.name': 'Supervisor', 'conversation.id': 'c1', 'user.id': 'u1' };
    const sub = { ...common, 'subagent.name': 'Researcher', 'voltagent.is_subagent': 'true' };
    const llm = { 'span.type': 'llm', 'llm.model': 'm1', 'llm.usage.prompt_tokens': '7', 'llm.usage.completion_tokens': '3' };
    const counts: EncodedAttrs['types'] = { 'llm.usage.prompt_tokens': 'int', 'llm.usage.completion_tokens': 'int' };
    expect(normalizeSpan(attrs(common), none, 'Supervisor')).toMatchObject({ type: 'agent', agent: 'Supervisor', sessionId: 'c1', userId: 'u1' });
    expect(normalizeSpan(attrs(sub), none, 'subagent:Researcher')).toMatchObject({ type: 'agent', agent: 'Researcher' });
    expect(normalizeSpan(attrs({ ...sub, ...llm }, counts), none, 'llm:streamText')).toMatchObject({ type: 'llm', agent: 'Researcher', model: 'm1', inputTokens: 7, outputTokens: 3 });
    expect(['tool', 'memory', 'retriever', 'guardrail', 'scorer'].map((t) => normalizeSpan(attrs({ ...common, 'span.type': t }), none, 'x').type)).toEqual(['tool', 'memory', 'retrieval', 'guardrail', 'other']);
    expect(normalizeSpan(attrs({ 'entity.type': 'workflow', 'entity.name': 'book-trip' }), none, 'book-trip')).toMatchObject({ type: 'workflow', agent: '' });
    expect(normalizeSpan(attrs({ 'span.type': 'llm' }), none, 'x').type).toBe('other');
  });

  it('defaults service and project, and ignores attributes of the wrong type', () => {
    const f = normalizeSpan(attrs({ 'session.id': '12', 'gen_ai.usage.input_tokens': 'many' }, { 'session.id': 'int' }), none, 'x');
    expect(f.service).toBe('unknown_service');
    expect(f.project).toBe('default');
    expect(f.sessionId).toBe('');
    expect(f.inputTokens).toBe(0);
  });

  it('reads token aliases of other conventions', () => {
    const f = normalizeSpan(attrs({ 'llm.token_count.prompt': '5', 'ai.usage.completionTokens': '7' }), none, 'x');
    expect([f.inputTokens, f.outputTokens]).toEqual([5, 7]);
  });
});

describe('inheritance along the span tree', () => {
  const node = (spanId: string, parentSpanId: string, agent = '', sessionId = ''): TreeNode => ({
    spanId,
    parentSpanId,
    fields: { agent, sessionId, userId: '' },
  });

  it('gives each span its nearest agent ancestor and the session above it', () => {
    const nodes = [node('llm', 'b'), node('root', '', 'triage', 's1'), node('b', 'root', 'billing'), node('t', 'llm')];
    inheritAlongTree(nodes);
    expect(nodes.map((n) => [n.spanId, n.fields.agent, n.fields.sessionId])).toEqual([
      ['llm', 'billing', 's1'],
      ['root', 'triage', 's1'],
      ['b', 'billing', 's1'],
      ['t', 'billing', 's1'],
    ]);
  });

  it('leaves spans whose ancestors are absent alone and survives cycles', () => {
    const nodes = [node('a', 'missing'), node('x', 'y'), node('y', 'x')];
    inheritAlongTree(nodes);
    expect(nodes.every((n) => n.fields.agent === '')).toBe(true);
  });
});

describe('tool name', () => {
  it.each([
    [{ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'refund' }, 'execute_tool refund', 'refund'],
    [{ 'openinference.span.kind': 'TOOL', 'tool.name': 'search' }, 'search', 'search'],
    [{ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather' }, 'ai.toolCall', 'weather'],
    [{ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'lookup' }, 'lookup.tool', 'lookup'],
    [{}, 'execute_tool calendar', 'calendar'],
    [{ 'gen_ai.operation.name': 'chat', 'gen_ai.tool.name': 'x' }, 'chat m', ''],
  ])('%j named %s runs %s', (values, name, tool) => {
    expect(normalizeSpan(attrs(values), none, name).tool).toBe(tool);
  });
});
