import { describe, expect, it } from 'vitest';
import { controlFlowException, exceptionNamed, spanStatus, type StatusEvent } from './span-status';

/** What LangChain's tracer records for an error: `message`, two newlines, the stack (`BaseTracer.stringifyError`). */
const stringified = (name: string, message: string) => `${message}\n\n${message ? `${name}: ${message}` : name}\n    at RunnableCallable._controlBranch (file.js:1:1)\n    at async ToolNode.run (file.js:2:2)`;
const exception = (values: Record<string, string>): StatusEvent => ({ name: 'exception', attrs: { values, types: {} } });

const parentCommand = stringified('ParentCommand', '');
const interrupt = stringified('GraphInterrupt', JSON.stringify([{ value: 'approve the refund?', id: 'i-1' }], null, 2));

describe('the exception an error text names', () => {
  it.each([
    [parentCommand, 'ParentCommand'],
    // Under a source-map stack handler (vitest, source-map-support) an empty message still gets its colon.
    ['\n\nParentCommand: \n    at RunnableCallable._controlBranch [as func] (state.js:775:47)', 'ParentCommand'],
    [interrupt, 'GraphInterrupt'],
    [stringified('Error', 'payment gateway timeout'), 'Error'],
    // A message that is itself a control-flow name is not the exception's name.
    [stringified('Error', 'GraphInterrupt'), 'Error'],
    [stringified('Error', 'first\n\nsecond paragraph'), 'Error'],
    ['NodeInterrupt: needs a human', 'NodeInterrupt'],
    ['ParentCommand\n    at x (file.js:1:1)', 'ParentCommand'],
    ["ParentCommand(Command(graph='__parent__', goto='billing'))", 'ParentCommand'],
    ['langgraph.errors.GraphInterrupt: (Interrupt(value=1),)', 'GraphInterrupt'],
    ['payment gateway timeout', undefined],
    ['', undefined],
  ])('%j → %s', (text, name) => {
    expect(exceptionNamed(text)).toBe(name);
  });
});

describe('control flow or error', () => {
  it('takes LangGraph’s ParentCommand, as OpenInference records it (status and exception event), for control flow', () => {
    expect(controlFlowException(parentCommand, [exception({ 'exception.message': parentCommand })])).toBe('ParentCommand');
    expect(spanStatus(2, parentCommand, [exception({ 'exception.message': parentCommand })])).toBe('control');
  });

  it('takes interrupts and bubble-ups for control flow, also by exception type alone', () => {
    expect(spanStatus(2, interrupt, [])).toBe('control');
    expect(spanStatus(2, '', [exception({ 'exception.type': 'GraphBubbleUp', 'exception.message': '' })])).toBe('control');
    expect(spanStatus(2, '', [exception({ 'exception.type': 'langgraph.errors.NodeInterrupt' })])).toBe('control');
  });

  it('takes Genkit’s tool interrupt, an exception event with an empty status message, for control flow', () => {
    expect(spanStatus(2, '', [exception({ 'exception.type': 'ToolInterruptError' })])).toBe('control');
    expect(spanStatus(2, '', [exception({ 'exception.type': 'ToolInterruptError' }), exception({ 'exception.type': 'Error', 'exception.message': 'boom' })])).toBe('error');
  });

  it('keeps real errors errors: another exception, a second real one, or nothing named', () => {
    expect(spanStatus(2, stringified('Error', 'payment gateway timeout'), [])).toBe('error');
    expect(spanStatus(2, 'GraphRecursionError: Recursion limit of 25 reached', [])).toBe('error');
    expect(spanStatus(2, parentCommand, [exception({ 'exception.type': 'TypeError', 'exception.message': 'x is undefined' })])).toBe('error');
    expect(spanStatus(2, '', [])).toBe('error');
    expect(spanStatus(2, '', [exception({ 'exception.message': 'boom' })])).toBe('error');
  });

  it('leaves unset and ok as OTLP sent them, whatever the message', () => {
    expect(spanStatus(0, parentCommand, [])).toBe('unset');
    expect(spanStatus(1, '', [])).toBe('ok');
    expect(spanStatus(7, '', [])).toBe('unset');
  });
});
