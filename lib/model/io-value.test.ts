import { describe, expect, it } from 'vitest';
import { isJsonMime, nameInValue } from './io-value';

describe('names in OpenInference input and output values', () => {
  it('parses a value whose mime type says JSON: the OpenAI Agents SDK handoff span', () => {
    // openinference-instrumentation-openai-agents: input.value {"from_agent"}, output.value {"to_agent"}, both application/json.
    expect(nameInValue('{"from_agent":"Triage agent"}', 'application/json', 'from_agent')).toBe('Triage agent');
    expect(nameInValue('{"to_agent":"Billing agent"}', 'application/json; charset=utf-8', 'to_agent')).toBe('Billing agent');
    expect(nameInValue('"Billing agent"', 'application/json', 'to_agent')).toBe('Billing agent');
  });

  it('never takes JSON that names nothing, or does not parse, for a name', () => {
    expect(nameInValue('{"to_agent":"Billing agent"}', 'application/json', 'from_agent')).toBeUndefined();
    expect(nameInValue('{"from_agent":42}', 'application/json', 'from_agent')).toBeUndefined();
    expect(nameInValue('["Triage agent"]', 'application/json', 'from_agent')).toBeUndefined();
    expect(nameInValue('{"from_agent":', 'application/json', 'from_agent')).toBeUndefined();
  });

  it('reads plain text (the default mime type) as the name itself', () => {
    expect(nameInValue(' triage ', undefined, 'from_agent')).toBe('triage');
    expect(nameInValue('triage', 'text/plain', 'from_agent')).toBe('triage');
    expect(nameInValue('', 'text/plain', 'from_agent')).toBeUndefined();
    expect(nameInValue(undefined, 'application/json', 'from_agent')).toBeUndefined();
  });

  it('knows JSON mime types', () => {
    expect(['application/json', 'Application/JSON', 'application/vnd.api+json', 'application/json;charset=utf-8'].map(isJsonMime)).toEqual([true, true, true, true]);
    expect(['text/plain', '', undefined, 'application/jsonl', 'text/json-ish'].map(isJsonMime)).toEqual([false, false, false, false, false]);
  });
});
