import { describe, expect, it } from 'vitest';
import { contextText } from '@/lib/analysis/given-context';
import { toSpan, type SpanRow, type StoredEvent } from '@/lib/queries/span-rows';
import { spanSchema } from '@/lib/schemas/api';

/** The two readers of the message model: the API's span converter and the drift analysis' context text. */

function row(attributes: Record<string, string>, attribute_types: Record<string, string> = {}, over: Partial<SpanRow> = {}): SpanRow {
  return {
    trace_id: 'a'.repeat(32),
    span_id: 'b'.repeat(16),
    parent_span_id: '',
    name: 'chat gpt-4o',
    kind: 'client',
    start_ns: '1764115200000000000',
    end_ns: '1764115201000000000',
    duration_ns: 1_000_000_000,
    status_code: 'ok',
    status_message: '',
    service: 'svc',
    session_id: '',
    user_id: '',
    agent: 'planner',
    type: 'llm',
    model: 'gpt-4o',
    input_tokens: 10,
    output_tokens: 5,
    attributes,
    attribute_types,
    resource_hash: '',
    scope_name: '',
    scope_version: '',
    scope_attributes: {},
    scope_attribute_types: {},
    events: '[]',
    links: '[]',
    dropped_attributes_count: 0,
    dropped_events_count: 0,
    dropped_links_count: 0,
    tool: '',
    ...over,
  };
}

const lookups = { bodies: new Map(), resources: new Map() };
const text = (content: string) => ({ type: 'text', content });

describe('toSpan fills messages', () => {
  it('from JSON-text span attributes', () => {
    const span = toSpan(
      row({
        'gen_ai.system_instructions': JSON.stringify([text('Plan trips.')]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text('Lyon, under 300 EUR')] }]),
      }),
      [],
      lookups,
    );
    expect(span.messages).toEqual({ system: [text('Plan trips.')], input: [{ role: 'user', parts: [text('Lyon, under 300 EUR')] }], output: [], source: 'gen_ai.input.messages' });
    expect(() => spanSchema.parse(span)).not.toThrow();
  });

  it('from a structured (array-typed) attribute and from stored events', () => {
    const events: StoredEvent[] = [
      { time: '1764115200500000000', name: 'gen_ai.client.inference.operation.details', values: { 'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [text('Booked.')] }]) }, types: { 'gen_ai.output.messages': 'array' } },
    ];
    const span = toSpan(row({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text('Book it')] }]) }, { 'gen_ai.input.messages': 'array' }), events, lookups);
    expect(span.messages?.input).toEqual([{ role: 'user', parts: [text('Book it')] }]);
    expect(span.messages?.output).toEqual([{ role: 'assistant', parts: [text('Booked.')] }]);
    expect(() => spanSchema.parse(span)).not.toThrow();
  });

  it('from a tool span, using the row type and name', () => {
    const span = toSpan(row({ 'input.value': '{"q":"Lyon"}', 'input.mime_type': 'application/json' }, {}, { type: 'tool', name: 'search_hotels' }), [], lookups);
    expect(span.messages?.input).toEqual([{ role: 'assistant', parts: [{ type: 'tool_call', name: 'search_hotels', arguments: { q: 'Lyon' } }] }]);
  });

  it('null when the span carries no messages', () => {
    const span = toSpan(row({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' }), [], lookups);
    expect(span.messages).toBeNull();
    expect(() => spanSchema.parse(span)).not.toThrow();
  });
});

/** contextText before it used the message model (git HEAD before issue 4), kept to compare behaviour. */
function previousContextText(attrs: Record<string, string>): string | null {
  const parse = (t: string): unknown => {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  };
  const partsText = (parts: unknown): string[] => {
    if (typeof parts === 'string') return [parts];
    if (!Array.isArray(parts)) return [];
    return parts.flatMap((p) => {
      if (typeof p === 'string') return [p];
      if (p && typeof p === 'object') {
        const part = p as Record<string, unknown>;
        if (typeof part.content === 'string') return [part.content];
        if (typeof part.text === 'string') return [part.text];
        if (Array.isArray(part.parts)) return partsText(part.parts);
      }
      return [];
    });
  };
  const pieces: string[] = [];
  if (attrs['gen_ai.system_instructions']) pieces.push(...partsText(parse(attrs['gen_ai.system_instructions'])));
  const messages = attrs['gen_ai.input.messages'];
  if (messages) {
    const parsed = parse(messages);
    if (Array.isArray(parsed)) {
      for (const m of parsed) if (m && typeof m === 'object') pieces.push(...partsText((m as Record<string, unknown>).parts ?? (m as Record<string, unknown>).content));
    } else if (typeof parsed === 'string') pieces.push(parsed);
  }
  if (pieces.length === 0 && attrs['input.value']) pieces.push(attrs['input.value']);
  const out = pieces.join('\n').trim();
  return out === '' ? null : out;
}

describe('contextText keeps its behaviour on the OTel GenAI keys and input.value', () => {
  const msgs = (...m: unknown[]) => JSON.stringify(m);
  it.each([
    ['user text (the drift integration test)', { 'gen_ai.input.messages': msgs({ role: 'user', parts: [text('Plan a trip to Lyon for customer C-1042.\nNever book flights over 300 EUR.')] }) }],
    ['instructions then messages', { 'gen_ai.system_instructions': msgs(text('You plan trips.')), 'gen_ai.input.messages': msgs({ role: 'user', parts: [text('Lyon')] }, { role: 'assistant', parts: [text('When?')] }) }],
    ['a system-role message first', { 'gen_ai.input.messages': msgs({ role: 'system', parts: [text('Be brief.')] }, { role: 'user', parts: [text('Hi')] }) }],
    ['OpenAI-style content strings', { 'gen_ai.input.messages': msgs({ role: 'user', content: 'Find flights' }) }],
    ['content part lists with text fields', { 'gen_ai.input.messages': msgs({ role: 'user', content: [{ type: 'text', text: 'Compare' }] }) }],
    ['instructions as plain text', { 'gen_ai.system_instructions': 'Never share PII.' }],
    ['messages as plain text', { 'gen_ai.input.messages': 'Plan a trip' }],
    ['tool calls only, then input.value', { 'gen_ai.input.messages': msgs({ role: 'assistant', parts: [{ type: 'tool_call', name: 'x', arguments: {} }] }), 'input.value': 'raw input' }],
    ['input.value alone', { 'input.value': 'Summarize the ticket' }],
    ['reasoning parts', { 'gen_ai.input.messages': msgs({ role: 'assistant', parts: [{ type: 'reasoning', content: 'Think first.' }] }) }],
    ['nothing', {}],
    ['empty values', { 'gen_ai.input.messages': '', 'input.value': '' }],
  ] as const)('%s', (_, attrs) => {
    expect(contextText(attrs)).toBe(previousContextText(attrs));
  });

  it('now reads only content, so redacted placeholders and inline bytes add no text', () => {
    expect(contextText({ 'input.value': '__REDACTED__' })).toBeNull();
    expect(contextText({ 'gen_ai.input.messages': msgs({ role: 'user', parts: [{ type: 'blob', modality: 'image', content: 'iVBORw0KGgo=' }, text('Describe')] }) })).toBe('Describe');
  });

  it('no longer reads truncated JSON as text; input.value answers instead', () => {
    expect(contextText({ 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Plan a tr', 'input.value': 'Plan a trip' })).toBe('Plan a trip');
    expect(contextText({ 'gen_ai.input.messages': '[{"role":"user","parts":[' })).toBeNull();
  });

  it('understands the other conventions when given their keys', () => {
    expect(contextText({ 'llm.input_messages.0.message.role': 'system', 'llm.input_messages.0.message.content': 'Be brief.', 'llm.input_messages.1.message.role': 'user', 'llm.input_messages.1.message.content': 'Hi' })).toBe('Be brief.\nHi');
  });
});
