import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';

/**
 * A span's status in Baton: OTLP's `unset`, `ok` and `error`, plus `control`
 * for an error status that only reports a control-flow exception, one a
 * framework throws to route rather than to fail. Instrumentations record
 * those as errors; Baton keeps the status message and does not count them as
 * errors (every error count reads `error`). docs/semantic-mapping.md,
 * "Control flow".
 */

export const SPAN_STATUSES = ['unset', 'ok', 'error', 'control'] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

/**
 * LangGraph's `GraphBubbleUp` family (`@langchain/langgraph` `src/errors.ts`,
 * Python `langgraph/errors.py`): `ParentCommand` carries a Command to the
 * parent graph (how the handoff tools of langgraph-supervisor and
 * langgraph-swarm end), `GraphInterrupt` and `NodeInterrupt` pause for a
 * human, `GraphDrained` stops at a step boundary on shutdown.
 */
const LANGGRAPH_CONTROL_FLOW = ['ParentCommand', 'GraphInterrupt', 'NodeInterrupt', 'GraphBubbleUp', 'GraphDrained'];

/**
 * Genkit's `ToolInterruptError` (`@genkit-ai/ai` `src/tool.ts`): an interrupt
 * (`defineInterrupt`, or `interrupt()` in a tool) pauses the tool loop for the
 * user, who resumes it; the tool's span records it as an error.
 */
const GENKIT_CONTROL_FLOW = ['ToolInterruptError'];

export const CONTROL_FLOW_EXCEPTIONS: ReadonlySet<string> = new Set([...LANGGRAPH_CONTROL_FLOW, ...GENKIT_CONTROL_FLOW]);

/** `a.b.ParentCommand` (a qualified type) → `ParentCommand`. */
const bare = (type: string) => type.slice(type.lastIndexOf('.') + 1).trim();

/**
 * The exception an error text names, when it is in one of the forms
 * instrumentations write: LangChain's `message\n\nstack`
 * (`BaseTracer.stringifyError`, `@langchain/core` `src/tracers/base.ts`), whose
 * stack opens with `Name: message` (`Name` or `Name: ` when the message is empty); else
 * a text that opens with `Name` alone on its line, `Name: …` or `Name(…)` (a
 * Python repr).
 */
export function exceptionNamed(textValue: string): string | undefined {
  // A message may itself hold blank lines: try each one, a bounded number of times.
  for (let at = textValue.indexOf('\n\n'), tries = 0; at >= 0 && tries < 32; at = textValue.indexOf('\n\n', at + 1), tries++) {
    const message = textValue.slice(0, at);
    const stack = textValue.slice(at + 2);
    const name = /^[A-Za-z_$][\w$]*/.exec(stack)?.[0];
    if (!name) continue;
    // The header is `Name: message`; with an empty message V8 writes `Name`, source-map handlers `Name: `.
    const rest = stack.slice(name.length);
    const headers = message ? [`: ${message}`] : ['', ': '];
    if (headers.some((h) => rest === h || rest.startsWith(`${h}\n`))) return name;
  }
  const head = /^([A-Za-z_$][\w$.]*)(?::|\(|\n|$)/.exec(textValue);
  return head ? bare(head[1] as string) : undefined;
}

export interface StatusEvent {
  name: string;
  attrs: EncodedAttrs;
}

/**
 * The control-flow exception an error status reports, when that is all it
 * reports: the status message (if any) and every `exception` event (by
 * `exception.type`, else `exception.message`) name one of
 * CONTROL_FLOW_EXCEPTIONS. Anything else, or nothing named, is a real error.
 */
export function controlFlowException(statusMessage: string, events: readonly StatusEvent[]): string | undefined {
  const named: (string | undefined)[] = [];
  if (statusMessage.trim()) named.push(exceptionNamed(statusMessage));
  for (const e of events) {
    if (e.name !== 'exception') continue;
    const type = stringAttr(e.attrs, 'exception.type');
    named.push(type ? bare(type) : exceptionNamed(stringAttr(e.attrs, 'exception.message') ?? ''));
  }
  const [first] = named;
  return first !== undefined && named.every((n) => n !== undefined && CONTROL_FLOW_EXCEPTIONS.has(n)) ? first : undefined;
}

const OTLP_STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error'];

/** A span's status from its OTLP status code (0 unset, 1 ok, 2 error), message and events. */
export function spanStatus(code: number, message: string, events: readonly StatusEvent[]): SpanStatus {
  const status = OTLP_STATUSES[code] ?? 'unset';
  return status === 'error' && controlFlowException(message, events) ? 'control' : status;
}
