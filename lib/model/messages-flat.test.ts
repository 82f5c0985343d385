import { describe, expect, it } from 'vitest';
import { readMessages, type SpanMessages } from '@/lib/model/messages';
import { spanMessagesSchema } from '@/lib/schemas/messages';

/** The message model on the flattened conventions: OpenInference and OpenLLMetry (Traceloop). */

function read(attributes: Record<string, unknown>): SpanMessages | null {
  const found = readMessages({ attributes });
  if (found) spanMessagesSchema.parse(found);
  return found;
}

const REDACTED = { type: 'unknown', reason: 'redacted' };
const UNSUPPORTED = { type: 'unknown', reason: 'unsupported' };
const text = (content: string) => ({ type: 'text', content });

describe('OpenInference: llm.input_messages.<i>.* / llm.output_messages.<i>.*', () => {
  it('reads roles, names, tool calls and tool results; system messages also go to system', () => {
    const found = read({
      'openinference.span.kind': 'LLM',
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are the billing agent.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Refund order 1042',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.name': 'triage',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_a',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'lookup_order',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': '{"order_id":1042}',
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.tool_call_id': 'call_a',
      'llm.input_messages.3.message.content': '{"status":"shipped"}',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Order 1042 has shipped; I cannot refund it yet.',
    });
    expect(found).toEqual({
      system: [text('You are the billing agent.')],
      input: [
        { role: 'system', parts: [text('You are the billing agent.')] },
        { role: 'user', parts: [text('Refund order 1042')] },
        { role: 'assistant', name: 'triage', parts: [{ type: 'tool_call', id: 'call_a', name: 'lookup_order', arguments: { order_id: 1042 } }] },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'call_a', result: { status: 'shipped' } }] },
      ],
      output: [{ role: 'assistant', parts: [text('Order 1042 has shipped; I cannot refund it yet.')] }],
      source: 'openinference',
    });
  });

  it('orders messages by numeric index, not by key text', () => {
    const attrs: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) attrs[`llm.input_messages.${i}.message.content`] = `m${i}`;
    expect(read(attrs)?.input.map((m) => (m.parts[0] as { content: string }).content)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
  });

  it('reads multi-part contents: text, image URL, inline image (mime only), unknown types', () => {
    const found = read({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.type': 'text',
      'llm.input_messages.0.message.contents.0.message_content.text': 'Compare these receipts',
      'llm.input_messages.0.message.contents.1.message_content.type': 'image',
      'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://example.com/r1.jpg',
      'llm.input_messages.0.message.contents.2.message_content.type': 'image',
      'llm.input_messages.0.message.contents.2.message_content.image.image.url': 'data:image/png;base64,iVBORw0KGgo=',
      'llm.input_messages.0.message.contents.3.message_content.type': 'x_vendor_block',
    });
    expect(found?.input[0]?.parts).toEqual([
      text('Compare these receipts'),
      { type: 'media', modality: 'image', uri: 'https://example.com/r1.jpg' },
      { type: 'media', modality: 'image', mimeType: 'image/png' },
      UNSUPPORTED,
    ]);
  });

  it.each([
    ['content replaced by __REDACTED__', { 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': '__REDACTED__' }, [REDACTED]],
    ['a redacted content part', { 'llm.input_messages.0.message.contents.0.message_content.type': 'text', 'llm.input_messages.0.message.contents.0.message_content.text': '__REDACTED__' }, [REDACTED]],
    ['a message with only its role', { 'llm.input_messages.0.message.role': 'user' }, [REDACTED]],
    ['a redacted tool result', { 'llm.input_messages.0.message.role': 'tool', 'llm.input_messages.0.message.content': '__REDACTED__' }, [REDACTED]],
    ['redacted tool arguments (the call stays)', { 'llm.input_messages.0.message.role': 'assistant', 'llm.input_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup', 'llm.input_messages.0.message.tool_calls.0.tool_call.function.arguments': '__REDACTED__' }, [{ type: 'tool_call', name: 'lookup', arguments: undefined }]],
  ] as const)('treats %s as unknown', (_, attrs, parts) => {
    expect(read(attrs)?.input[0]?.parts).toEqual(parts);
  });

  it.each([
    ['a numeric role', { 'llm.input_messages.0.message.role': 3, 'llm.input_messages.0.message.content': 'hi' }, { role: 'user', parts: [text('hi')] }],
    ['numeric content', { 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': 42 }, { role: 'user', parts: [UNSUPPORTED] }],
    ['a tool call with no function name', { 'llm.input_messages.0.message.role': 'assistant', 'llm.input_messages.0.message.tool_calls.0.tool_call.id': 'c' }, { role: 'assistant', parts: [UNSUPPORTED] }],
  ] as const)('degrades on %s', (_, attrs, message) => {
    expect(read(attrs)?.input[0]).toEqual(message);
  });

  it('ignores keys that are not indexed messages', () => {
    expect(read({ 'llm.input_messages': '[]', 'llm.input_messages.x.message.content': 'no', 'llm.model_name': 'gpt-4o' })).toBeNull();
  });
});

describe('OpenLLMetry: gen_ai.prompt.<i>.* / gen_ai.completion.<i>.*', () => {
  it('reads prompts, tool calls, tool results and completions', () => {
    const found = read({
      'traceloop.span.kind': 'llm',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'You plan trips.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'Lyon next week, budget 300 EUR',
      'gen_ai.prompt.2.role': 'assistant',
      'gen_ai.prompt.2.tool_calls.0.id': 'call_1',
      'gen_ai.prompt.2.tool_calls.0.name': 'search_hotels',
      'gen_ai.prompt.2.tool_calls.0.arguments': '{"city":"Lyon"}',
      'gen_ai.prompt.3.role': 'tool',
      'gen_ai.prompt.3.tool_call_id': 'call_1',
      'gen_ai.prompt.3.content': 'Hotel Bellecour, 95 EUR',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'call_2',
      'gen_ai.completion.0.tool_calls.0.name': 'book_hotel',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"hotel":"Bellecour"}',
    });
    expect(found).toEqual({
      system: [text('You plan trips.')],
      input: [
        { role: 'system', parts: [text('You plan trips.')] },
        { role: 'user', parts: [text('Lyon next week, budget 300 EUR')] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'search_hotels', arguments: { city: 'Lyon' } }] },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', result: 'Hotel Bellecour, 95 EUR' }] },
      ],
      output: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_2', name: 'book_hotel', arguments: { hotel: 'Bellecour' } }] }],
      source: 'openllmetry',
    });
  });

  it('reads multi-part content serialized as JSON, and keeps JSON-looking text that is not parts as text', () => {
    const found = read({
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': JSON.stringify([{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/x.png' } }]),
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': '[1, 2, 3]',
    });
    expect(found?.input).toEqual([
      { role: 'user', parts: [text('What is this?'), { type: 'media', modality: 'image', uri: 'https://example.com/x.png' }] },
      { role: 'user', parts: [text('[1, 2, 3]')] },
    ]);
  });

  it('marks a prompt whose content was not traced as redacted', () => {
    expect(read({ 'gen_ai.prompt.0.role': 'user', 'gen_ai.completion.0.role': 'assistant', 'gen_ai.completion.0.finish_reason': 'stop' })).toEqual({
      system: [],
      input: [{ role: 'user', parts: [REDACTED] }],
      output: [{ role: 'assistant', parts: [REDACTED] }],
      source: 'openllmetry',
    });
  });

  it('does not mistake OTel prompt-template attributes for messages', () => {
    expect(read({ 'gen_ai.prompt.version': '7', 'gen_ai.prompt.variable.city': 'Lyon' })).toBeNull();
  });
});
