import { describe, expect, it } from 'vitest';
import type { EncodedAttrs } from '@/lib/domain/attributes';
import { normalizeSpan } from './normalize';

const attrs = (values: Record<string, string>, types: EncodedAttrs['types'] = {}): EncodedAttrs => ({ values, types });
const none = attrs({});
const action = (subtype: string, name: string, extra: Record<string, string> = {}, types: EncodedAttrs['types'] = {}) =>
  attrs({ 'genkit:type': 'action', 'genkit:metadata:subtype': subtype, 'genkit:name': name, ...extra }, types);

describe('Genkit actions', () => {
  it('types an action by its subtype, and Genkit’s own steps as other', () => {
    const types = [
      action('agent', 'coordinator'),
      action('model', 'googleai/gemini-2.5-flash'),
      action('tool', 'search'),
      action('flow', 'plan'),
      action('retriever', 'docs'),
      action('something-new', 'x'),
      attrs({ 'genkit:type': 'util', 'genkit:name': 'generate' }),
      attrs({ 'genkit:type': 'flowStep', 'genkit:name': 'runTurn-1' }),
    ].map((span) => normalizeSpan(span, none, 'x').type);
    expect(types).toEqual(['agent', 'llm', 'tool', 'workflow', 'retrieval', 'other', 'other', 'other']);
  });

  it('names the agent, model and tool from genkit:name on their own actions only', () => {
    expect(normalizeSpan(action('agent', 'coordinator'), none, 'coordinator')).toMatchObject({ agent: 'coordinator', model: '', tool: '' });
    expect(normalizeSpan(action('model', 'googleai/gemini-2.5-flash'), none, 'x')).toMatchObject({ agent: '', model: 'googleai/gemini-2.5-flash', tool: '' });
    expect(normalizeSpan(action('tool', 'delegate_to_researcher'), none, 'x')).toMatchObject({ agent: '', model: '', tool: 'delegate_to_researcher' });
    expect(normalizeSpan(attrs({ 'genkit:type': 'util', 'genkit:name': 'generate' }), none, 'generate')).toMatchObject({ agent: '', model: '', tool: '' });
  });

  it('reads tokens from a model action’s output usage only, ignoring what is not a count', () => {
    const output = JSON.stringify({ message: { role: 'model' }, usage: { inputTokens: 120, outputTokens: 18 } });
    expect(normalizeSpan(action('model', 'm', { 'genkit:output': output }), none, 'm')).toMatchObject({ inputTokens: 120, outputTokens: 18 });
    // The generate step around it repeats the usage: not a model call, not counted.
    expect(normalizeSpan(attrs({ 'genkit:type': 'util', 'genkit:name': 'generate', 'genkit:output': output }), none, 'generate')).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    for (const bad of ['not json', JSON.stringify({ usage: { inputTokens: -3, outputTokens: 'many' } }), JSON.stringify([1])]) {
      expect(normalizeSpan(action('model', 'm', { 'genkit:output': bad }), none, 'm')).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    }
    // An attribute in a convention wins.
    expect(normalizeSpan(action('model', 'm', { 'genkit:output': output, 'gen_ai.usage.input_tokens': '7' }), none, 'm')).toMatchObject({ inputTokens: 7 });
  });

  it('takes the session of the call’s root agent, not of a sub-agent’s own chat', () => {
    const root = action('agent', 'coordinator', { 'genkit:isRoot': 'true', 'genkit:metadata:agent:sessionId': 'chat-1' }, { 'genkit:isRoot': 'bool' });
    const sub = action('agent', 'researcher', { 'genkit:metadata:agent:sessionId': 'sub-chat-9' });
    expect(normalizeSpan(root, none, 'coordinator').sessionId).toBe('chat-1');
    expect(normalizeSpan(sub, none, 'researcher').sessionId).toBe('');
  });
});
