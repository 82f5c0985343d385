import { describe, expect, it } from 'vitest';
import { readMessages, type SpanMessages } from '@/lib/model/messages';
import { spanMessagesSchema } from '@/lib/schemas/messages';

/** The message model on the Vercel AI SDK attributes and on `input.value` / `output.value`. */

function read(attributes: Record<string, unknown>, span: { name?: string; type?: string } = {}): SpanMessages | null {
  const found = readMessages({ attributes, ...span });
  if (found) spanMessagesSchema.parse(found);
  return found;
}

const REDACTED = { type: 'unknown', reason: 'redacted' };
const text = (content: string) => ({ type: 'text', content });

describe('Vercel AI SDK: ai.prompt.messages, ai.prompt, ai.response.*, ai.toolCall.*', () => {
  it('reads a doGenerate step: history with parts, response text and tool calls', () => {
    const found = read({
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.prompt.messages': JSON.stringify([
        { role: 'system', content: 'You are a travel agent.' },
        { role: 'user', content: [{ type: 'text', text: 'Book this hotel' }, { type: 'image', image: 'https://example.com/hotel.jpg', mimeType: 'image/jpeg' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'tc1', toolName: 'checkAvailability', args: { hotel: 'Bellecour' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tc1', toolName: 'checkAvailability', result: { free: true } }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'It is free; book it.' }, { type: 'file', data: 'JVBERi0=', mediaType: 'application/pdf' }] },
      ]),
      'ai.response.text': 'Booking now.',
      'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: 'tc2', toolName: 'book', input: '{"hotel":"Bellecour"}' }]),
    });
    expect(found).toEqual({
      system: [text('You are a travel agent.')],
      input: [
        { role: 'system', parts: [text('You are a travel agent.')] },
        { role: 'user', parts: [text('Book this hotel'), { type: 'media', modality: 'image', mimeType: 'image/jpeg', uri: 'https://example.com/hotel.jpg' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'tc1', name: 'checkAvailability', arguments: { hotel: 'Bellecour' } }] },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'tc1', name: 'checkAvailability', result: { free: true } }] },
        { role: 'assistant', parts: [{ type: 'reasoning', content: 'It is free; book it.' }, { type: 'media', mimeType: 'application/pdf' }] },
      ],
      output: [{ role: 'assistant', parts: [text('Booking now.'), { type: 'tool_call', id: 'tc2', name: 'book', arguments: { hotel: 'Bellecour' } }] }],
      source: 'ai-sdk',
    });
  });

  it('unwraps v5 tool outputs and does not invent text when a step only called tools', () => {
    const found = read({
      'ai.prompt.messages': JSON.stringify([{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tc1', toolName: 'weather', output: { type: 'json', value: { c: 21 } } }] }]),
      'ai.response.text': '',
      'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: 'tc2', toolName: 'weather', args: '{"city":"Paris"}' }]),
    });
    expect(found?.input[0]?.parts).toEqual([{ type: 'tool_result', id: 'tc1', name: 'weather', result: { c: 21 } }]);
    expect(found?.output[0]?.parts).toEqual([{ type: 'tool_call', id: 'tc2', name: 'weather', arguments: { city: 'Paris' } }]);
  });

  it('reads the root span: ai.prompt {system, prompt} and the final text', () => {
    expect(read({ 'ai.operationId': 'ai.generateText', 'ai.prompt': JSON.stringify({ system: 'Be concise.', prompt: 'Summarize the meeting.' }), 'ai.response.text': 'Agreed on Q3 launch.' })).toEqual({
      system: [text('Be concise.')],
      input: [{ role: 'user', parts: [text('Summarize the meeting.')] }],
      output: [{ role: 'assistant', parts: [text('Agreed on Q3 launch.')] }],
      source: 'ai-sdk',
    });
  });

  it('reads ai.prompt with a message list, and ai.response.object', () => {
    const found = read({ 'ai.prompt': JSON.stringify({ messages: [{ role: 'user', content: 'List 2 cities' }] }), 'ai.response.object': '{"cities":["Lyon","Nice"]}' });
    expect(found?.input).toEqual([{ role: 'user', parts: [text('List 2 cities')] }]);
    expect(found?.output).toEqual([{ role: 'assistant', parts: [text('{"cities":["Lyon","Nice"]}')] }]);
  });

  it('decodes a string tool result the SDK recorded as a JSON literal', () => {
    const found = read({ 'ai.toolCall.name': 'research', 'ai.toolCall.id': 'call-1', 'ai.toolCall.args': '{"topic":"night trains"}', 'ai.toolCall.result': JSON.stringify('Nightjet, from 59 EUR') });
    expect(found?.output[0]?.parts).toEqual([{ type: 'tool_result', id: 'call-1', name: 'research', result: 'Nightjet, from 59 EUR' }]);
  });

  it('reads an ai.toolCall span as the call and its result', () => {
    expect(read({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'tc9', 'ai.toolCall.args': '{"city":"Lyon"}', 'ai.toolCall.result': '{"c":21}' }, { name: 'ai.toolCall', type: 'tool' })).toEqual({
      system: [],
      input: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'tc9', name: 'weather', arguments: { city: 'Lyon' } }] }],
      output: [{ role: 'tool', parts: [{ type: 'tool_result', id: 'tc9', name: 'weather', result: { c: 21 } }] }],
      source: 'ai-sdk',
    });
  });

  it.each([
    ['invalid JSON messages and nothing else', { 'ai.prompt.messages': '[{"role":"user","content":"Hel' }],
    ['a numeric prompt', { 'ai.prompt': 12 }],
    ['tool calls that are not a list', { 'ai.response.toolCalls': '{"toolName":"x"}' }],
  ])('yields null for %s', (_, attrs) => {
    expect(read(attrs)).toBeNull();
  });
});

describe('input.value / output.value', () => {
  it('reads plain values as one user and one assistant text message', () => {
    expect(read({ 'openinference.span.kind': 'CHAIN', 'input.value': 'Plan a trip to Lyon', 'input.mime_type': 'text/plain', 'output.value': 'Itinerary ready' })).toEqual({
      system: [],
      input: [{ role: 'user', parts: [text('Plan a trip to Lyon')] }],
      output: [{ role: 'assistant', parts: [text('Itinerary ready')] }],
      source: 'input.value',
    });
  });

  it('reads JSON message lists as messages, other JSON as text', () => {
    const messages = JSON.stringify({ messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Hi' }] });
    const found = read({ 'input.value': messages, 'input.mime_type': 'application/json', 'output.value': '{"answer":42}', 'output.mime_type': 'application/json' });
    expect(found?.system).toEqual([text('Be kind.')]);
    expect(found?.input).toEqual([{ role: 'system', parts: [text('Be kind.')] }, { role: 'user', parts: [text('Hi')] }]);
    expect(found?.output).toEqual([{ role: 'assistant', parts: [text('{"answer":42}')] }]);
  });

  it('reads a tool span as the tool call and its result', () => {
    expect(read({ 'tool.name': 'search', 'input.value': '{"q":"Lyon"}', 'input.mime_type': 'application/json', 'output.value': '3 results' }, { type: 'tool', name: 'search' })).toEqual({
      system: [],
      input: [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'search', arguments: { q: 'Lyon' } }] }],
      output: [{ role: 'tool', parts: [{ type: 'tool_result', name: 'search', result: '3 results' }] }],
      source: 'input.value',
    });
  });

  it('treats hidden values as redacted, not as text', () => {
    expect(read({ 'input.value': '__REDACTED__', 'output.value': '__REDACTED__' })).toMatchObject({ input: [{ role: 'user', parts: [REDACTED] }], output: [{ role: 'assistant', parts: [REDACTED] }] });
  });

  it('yields null for empty or non-text values', () => {
    expect(read({ 'input.value': '' })).toBeNull();
    expect(read({ 'input.value': 7 })).toBeNull();
  });
});
