import { describe, expect, it } from 'vitest';
import { readMessages, type MessageEvent, type SpanMessages } from '@/lib/model/messages';
import { spanMessagesSchema } from '@/lib/schemas/messages';

/**
 * The message model on the OTel GenAI conventions (current attributes and
 * events, tool-call attributes, legacy events and attributes), plus what every
 * convention shares: precedence, null, and never throwing. Attribute sets are
 * written from the published attribute names.
 */

function read(attributes: Record<string, unknown>, events: MessageEvent[] = [], span: { name?: string; type?: string } = {}): SpanMessages | null {
  const found = readMessages({ attributes, events, ...span });
  if (found) spanMessagesSchema.parse(found); // every result is a valid API value
  return found;
}

const REDACTED = { type: 'unknown', reason: 'redacted' };
const UNSUPPORTED = { type: 'unknown', reason: 'unsupported' };
const text = (content: string) => ({ type: 'text', content });

const chatInput = [
  { role: 'user', parts: [text('Move my appointment to Tuesday 2pm')] },
  { role: 'assistant', name: 'triage', parts: [{ type: 'tool_call', id: 'call_1', name: 'transfer_to_scheduler', arguments: {} }] },
  { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', result: '{"assistant":"scheduler"}' }] },
];
const chatOutput = [{ role: 'assistant', parts: [text('Done: Tuesday 14:00.')], finish_reason: 'stop' }];
const expectedChat = {
  system: [text('You are a scheduling assistant.')],
  input: [
    { role: 'user', parts: [text('Move my appointment to Tuesday 2pm')] },
    { role: 'assistant', name: 'triage', parts: [{ type: 'tool_call', id: 'call_1', name: 'transfer_to_scheduler', arguments: {} }] },
    { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', result: { assistant: 'scheduler' } }] },
  ],
  output: [{ role: 'assistant', parts: [text('Done: Tuesday 14:00.')] }],
  source: 'gen_ai.input.messages',
};

describe('OTel GenAI: gen_ai.input.messages / output.messages / system_instructions', () => {
  const system = [{ type: 'text', content: 'You are a scheduling assistant.' }];
  const details = (attributes: Record<string, unknown>): MessageEvent => ({ name: 'gen_ai.client.inference.operation.details', attributes });

  it.each([
    ['JSON text on the span', { 'gen_ai.system_instructions': JSON.stringify(system), 'gen_ai.input.messages': JSON.stringify(chatInput), 'gen_ai.output.messages': JSON.stringify(chatOutput) }, []],
    ['structured (kvlist / array) values on the span', { 'gen_ai.system_instructions': system, 'gen_ai.input.messages': chatInput, 'gen_ai.output.messages': chatOutput }, []],
    ['details events, input and output on separate events', {}, [details({ 'gen_ai.system_instructions': JSON.stringify(system), 'gen_ai.input.messages': JSON.stringify(chatInput) }), details({ 'gen_ai.output.messages': chatOutput })]],
  ] as const)('reads %s', (_, attributes, events) => {
    expect(read(attributes, [...events])).toEqual(expectedChat);
  });

  it('prefers the span attribute to the event for the same key, and takes other keys from events', () => {
    const found = read({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text('from span')] }]) }, [
      details({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text('from event')] }]), 'gen_ai.output.messages': JSON.stringify(chatOutput) }),
    ]);
    expect(found?.input).toEqual([{ role: 'user', parts: [text('from span')] }]);
    expect(found?.output).toEqual(expectedChat.output);
  });

  it('reads every part type: media, reasoning, server tools, compaction; unknown types are unsupported', () => {
    const parts = [
      text('What is in these?'),
      { type: 'uri', modality: 'image', mime_type: 'image/png', uri: 'https://example.com/a.png' },
      { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'UklGRg==' },
      { type: 'file', modality: 'document', file_id: 'file-abc' },
      { type: 'reasoning', content: 'The user wants a description.' },
      { type: 'server_tool_call', id: 'srv_1', name: 'web_search', server_tool_call: { type: 'web_search', query: 'lyon weather' } },
      { type: 'server_tool_call_response', id: 'srv_1', server_tool_call_response: { type: 'web_search', results: 3 } },
      { type: 'compaction', id: 'cmp_1', content: 'Earlier: the user booked Lyon.' },
      { type: 'compaction', id: 'cmp_2' },
      { type: 'x_vendor_widget', payload: 1 },
    ];
    expect(read({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts }]) })?.input[0]?.parts).toEqual([
      text('What is in these?'),
      { type: 'media', modality: 'image', mimeType: 'image/png', uri: 'https://example.com/a.png' },
      { type: 'media', modality: 'audio', mimeType: 'audio/wav' },
      { type: 'media', modality: 'document' },
      { type: 'reasoning', content: 'The user wants a description.' },
      { type: 'tool_call', id: 'srv_1', name: 'web_search', arguments: { type: 'web_search', query: 'lyon weather' } },
      { type: 'tool_result', id: 'srv_1', result: { type: 'web_search', results: 3 } },
      text('Earlier: the user booked Lyon.'),
      REDACTED,
      UNSUPPORTED,
    ]);
  });

  it('marks content the instrumentation did not record as redacted, never as empty text', () => {
    const found = read({
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text' }] },
        { role: 'user', parts: [] },
        { role: 'user', parts: [{ type: 'text', content: '' }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_9' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_9', name: 'lookup' }] },
      ]),
    });
    expect(found?.input.map((m) => m.parts)).toEqual([[REDACTED], [REDACTED], [REDACTED], [REDACTED], [{ type: 'tool_call', id: 'call_9', name: 'lookup', arguments: undefined }]]);
  });

  it('copies system-role input messages into system, once, and keeps them in input', () => {
    const found = read({
      'gen_ai.system_instructions': JSON.stringify([text('Be brief.')]),
      'gen_ai.input.messages': JSON.stringify([{ role: 'system', parts: [text('Be brief.'), text('Answer in French.')] }, { role: 'user', parts: [text('Bonjour')] }]),
    });
    expect(found?.system).toEqual([text('Be brief.'), text('Answer in French.')]);
    expect(found?.input.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it.each([
    ['truncated JSON', { 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Plan a tr' }, null],
    ['a number', { 'gen_ai.input.messages': 42 }, null],
    ['a boolean', { 'gen_ai.input.messages': true, 'gen_ai.output.messages': false }, null],
    ['null (empty value)', { 'gen_ai.system_instructions': null }, null],
    ['a list of non-messages', { 'gen_ai.input.messages': JSON.stringify([1, null, 'hi', { foo: 1 }]) }, { role: 'user', parts: [text('hi')] }],
    ['parts that are not a list', { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: 'oops' }]) }, { role: 'user', parts: [REDACTED] }],
    ['plain text (not JSON)', { 'gen_ai.input.messages': 'Plan a trip to Lyon' }, { role: 'user', parts: [text('Plan a trip to Lyon')] }],
    ['a message without a role', { 'gen_ai.input.messages': JSON.stringify([{ parts: [text('hello')] }]) }, { role: 'user', parts: [text('hello')] }],
    ['a tool call without a name', { 'gen_ai.input.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'c1' }] }]) }, { role: 'assistant', parts: [UNSUPPORTED] }],
  ] as const)('degrades on %s without throwing', (_, attributes, first) => {
    const found = read(attributes);
    expect(found?.input[0] ?? null).toEqual(first);
  });

  it('falls through to the next convention when the OTel keys are unreadable', () => {
    expect(read({ 'gen_ai.input.messages': '{"role":', 'input.value': 'Plan a trip' })).toMatchObject({ source: 'input.value', input: [{ role: 'user', parts: [text('Plan a trip')] }] });
  });
});

describe('OTel GenAI: gen_ai.tool.call.arguments / result on execute_tool spans', () => {
  it('reads the call and its result, the tool named by gen_ai.tool.name or the span name', () => {
    const attrs = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': 'call_7', 'gen_ai.tool.call.arguments': '{"city":"Lyon"}', 'gen_ai.tool.call.result': 'Sunny, 21°C' };
    expect(read(attrs, [], { name: 'execute_tool get_weather', type: 'tool' })).toEqual({
      system: [],
      input: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_7', name: 'get_weather', arguments: { city: 'Lyon' } }] }],
      output: [{ role: 'tool', parts: [{ type: 'tool_result', id: 'call_7', name: 'get_weather', result: 'Sunny, 21°C' }] }],
      source: 'gen_ai.tool.call',
    });
  });
});

describe('OTel GenAI legacy: gen_ai.*.message / gen_ai.choice events, gen_ai.prompt / completion', () => {
  const ev = (name: string, attributes: Record<string, unknown>): MessageEvent => ({ name, attributes });

  it('reads the ≤v1.36 events with OpenAI-style tool calls', () => {
    const found = read({}, [
      ev('gen_ai.system.message', { content: 'You book flights.' }),
      ev('gen_ai.user.message', { content: 'Find me a flight to Lyon under 300 EUR.' }),
      ev('gen_ai.assistant.message', { tool_calls: JSON.stringify([{ id: 'call_1', type: 'function', function: { name: 'search_flights', arguments: '{"to":"LYS","max":300}' } }]) }),
      ev('gen_ai.tool.message', { content: '[{"flight":"AF123","price":240}]', id: 'call_1' }),
      ev('gen_ai.choice', { index: 0, finish_reason: 'stop', message: JSON.stringify({ role: 'assistant', content: 'AF123 at 240 EUR.' }) }),
    ]);
    expect(found).toEqual({
      system: [text('You book flights.')],
      input: [
        { role: 'system', parts: [text('You book flights.')] },
        { role: 'user', parts: [text('Find me a flight to Lyon under 300 EUR.')] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'search_flights', arguments: { to: 'LYS', max: 300 } }] },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', result: [{ flight: 'AF123', price: 240 }] }] },
      ],
      output: [{ role: 'assistant', parts: [text('AF123 at 240 EUR.')] }],
      source: 'gen_ai events (legacy)',
    });
  });

  it('reads content blocks serialized as JSON (Bedrock Converse shape)', () => {
    const found = read({}, [
      ev('gen_ai.user.message', { content: JSON.stringify([{ text: 'Weather in Lyon?' }]) }),
      ev('gen_ai.tool.message', { content: JSON.stringify([{ toolResult: { toolUseId: 'tu_1', status: 'success', content: [{ text: '21°C' }] } }]) }),
      ev('gen_ai.choice', { finish_reason: 'tool_use', message: JSON.stringify([{ text: 'Checking.' }, { toolUse: { toolUseId: 'tu_1', name: 'weather', input: { city: 'Lyon' } } }]) }),
    ]);
    expect(found?.input).toEqual([
      { role: 'user', parts: [text('Weather in Lyon?')] },
      { role: 'tool', parts: [{ type: 'tool_result', id: 'tu_1', result: [{ text: '21°C' }] }] },
    ]);
    expect(found?.output).toEqual([{ role: 'assistant', parts: [text('Checking.'), { type: 'tool_call', id: 'tu_1', name: 'weather', arguments: { city: 'Lyon' } }] }]);
  });

  it('marks an event without content as redacted, and keeps JSON answers as text', () => {
    expect(read({}, [ev('gen_ai.user.message', {})])?.input).toEqual([{ role: 'user', parts: [REDACTED] }]);
    expect(read({}, [ev('gen_ai.choice', { message: '{"answer": 42}' })])?.output).toEqual([{ role: 'assistant', parts: [text('{"answer": 42}')] }]);
    expect(read({}, [ev('gen_ai.choice', { message: { role: 'assistant', content: 'structured kvlist' } })])?.output).toEqual([{ role: 'assistant', parts: [text('structured kvlist')] }]);
  });

  it('reads the gen_ai.prompt / gen_ai.completion JSON attributes', () => {
    const found = read({
      'gen_ai.prompt': JSON.stringify([{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'Capital of France?' }]),
      'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'Paris.' }]),
    });
    expect(found).toEqual({
      system: [text('Be terse.')],
      input: [{ role: 'system', parts: [text('Be terse.')] }, { role: 'user', parts: [text('Capital of France?')] }],
      output: [{ role: 'assistant', parts: [text('Paris.')] }],
      source: 'gen_ai.prompt',
    });
  });
});

describe('every convention', () => {
  it('returns null for a span with no messages', () => {
    expect(read({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.prompt.version': '3', 'gen_ai.usage.input_tokens': 12 })).toBeNull();
    expect(read({}, [{ name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'sent' } }])).toBeNull();
  });

  it('takes the first convention present', () => {
    const found = read({
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text('otel')] }]),
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'openinference',
      'input.value': 'value',
    });
    expect(found?.source).toBe('gen_ai.input.messages');
    expect(read({ 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': 'oi', 'input.value': 'value' })?.source).toBe('openinference');
  });

  it('never throws on odd values under any known key', () => {
    const odd: unknown[] = [null, 0, -1.5, true, '', '[', '{}', '[]', '"x"', '[[[]]]', [null], [[1]], { parts: 3 }, { messages: 'no' }, [{ role: 5, content: { x: [] }, tool_calls: 'bad' }], '__REDACTED__'];
    const keys = ['gen_ai.system_instructions', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.call.arguments', 'gen_ai.prompt', 'gen_ai.completion', 'llm.input_messages.0.message.content', 'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments', 'gen_ai.prompt.0.content', 'gen_ai.completion.0.tool_calls.0.name', 'ai.prompt.messages', 'ai.prompt', 'ai.response.toolCalls', 'ai.toolCall.result', 'input.value'];
    for (const key of keys) {
      for (const value of odd) {
        expect(() => read({ [key]: value, 'input.mime_type': 'application/json' }, [{ name: 'gen_ai.choice', attributes: { message: value } }])).not.toThrow();
      }
    }
  });
});
