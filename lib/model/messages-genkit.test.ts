import { describe, expect, it } from 'vitest';
import { contextText } from '@/lib/analysis/given-context';
import { readMessages } from './messages';

const json = (v: unknown) => JSON.stringify(v);

describe('Genkit messages (genkit:input / genkit:output)', () => {
  it('reads a model call: the request’s messages, system included, and the response’s message', () => {
    const found = readMessages({
      attributes: {
        'genkit:type': 'action',
        'genkit:metadata:subtype': 'model',
        'genkit:input': json({
          messages: [
            { role: 'system', content: [{ text: 'Research the request.' }] },
            { role: 'user', content: [{ text: 'Find night trains.' }, { media: { url: 'https://example.test/map.png', contentType: 'image/png' } }] },
            { role: 'model', content: [{ toolRequest: { name: 'search', ref: 'c1', input: { q: 'NJ' } } }] },
            { role: 'tool', content: [{ toolResponse: { name: 'search', ref: 'c1', output: 'NJ 469' } }] },
          ],
          tools: [{ name: 'search' }],
        }),
        'genkit:output': json({ message: { role: 'model', content: [{ reasoning: 'check days' }, { text: 'Three a week.' }] }, usage: { inputTokens: 3 } }),
      },
    });
    expect(found).toEqual({
      source: 'genkit',
      system: [{ type: 'text', content: 'Research the request.' }],
      input: [
        { role: 'system', parts: [{ type: 'text', content: 'Research the request.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Find night trains.' }, { type: 'media', mimeType: 'image/png', modality: 'image', uri: 'https://example.test/map.png' }] },
        { role: 'model', parts: [{ type: 'tool_call', id: 'c1', name: 'search', arguments: { q: 'NJ' } }] },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'c1', name: 'search', result: 'NJ 469' }] },
      ],
      output: [{ role: 'model', parts: [{ type: 'reasoning', content: 'check days' }, { type: 'text', content: 'Three a week.' }] }],
    });
  });

  it('reads an agent turn’s one message, and a tool’s arguments and result', () => {
    const turn = readMessages({ attributes: { 'genkit:input': json({ message: { role: 'user', content: [{ text: 'Find night trains.' }] } }), 'genkit:output': json({ sessionId: 's', message: { role: 'model', content: [{ text: 'Done.' }] } }) } });
    expect(turn).toMatchObject({ input: [{ role: 'user', parts: [{ type: 'text', content: 'Find night trains.' }] }], output: [{ role: 'model', parts: [{ type: 'text', content: 'Done.' }] }] });
    const tool = readMessages({ attributes: { 'genkit:metadata:subtype': 'tool', 'genkit:name': 'search', 'genkit:input': json({ q: 'NJ' }), 'genkit:output': json('NJ 469') } });
    expect(tool).toMatchObject({
      input: [{ role: 'model', parts: [{ type: 'tool_call', name: 'search', arguments: { q: 'NJ' } }] }],
      output: [{ role: 'tool', parts: [{ type: 'tool_result', name: 'search', result: 'NJ 469' }] }],
    });
  });

  it('reads nothing from inputs that are no messages, and marks unknown parts', () => {
    expect(readMessages({ attributes: { 'genkit:input': '{}', 'genkit:output': json({ model: 'x' }) } })).toBeNull();
    expect(readMessages({ attributes: { 'genkit:input': '{not json' } })).toBeNull();
    expect(readMessages({ attributes: { 'genkit:input': json({ message: { role: 'user', content: [{ custom: {} }, 'x'] } }) } })?.input).toEqual([
      { role: 'user', parts: [{ type: 'unknown', reason: 'unsupported' }, { type: 'unknown', reason: 'unsupported' }] },
    ]);
  });

  it('gives what a Genkit agent turn was given, as text, for handoffs compared as text', () => {
    expect(contextText({ 'genkit:input': json({ message: { role: 'user', content: [{ text: 'Find night trains from Paris to Vienna.' }] } }) })).toBe('Find night trains from Paris to Vienna.');
  });
});
