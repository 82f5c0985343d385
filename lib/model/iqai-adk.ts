import { stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import type { SpanType } from './span-type';

/**
 * IQ AI's ADK-TS (`@iqai/adk`, not Google's ADK) traces with names of its own
 * (docs/semantic-mapping.md, "ADK-TS"; `@iqai/adk` 0.5 `src/telemetry.ts`,
 * `src/agents/base-agent.ts`, `src/models/base-llm.ts`):
 *
 * - an agent's run is a span named `agent_run [<agent>]` (`agent_run_live
 *   [<agent>]` for a live run) that names the agent nowhere else; each model
 *   call of the run writes `gen_ai.system` = `iqai-adk` on it
 *   (`traceLlmCall`, on the active span, which is the run's);
 * - a model call is a span `llm_generate [<model>]` with
 *   `gen_ai.operation.name` = `generate` and `gen_ai.system.name` = `iqai-adk`.
 *
 * Both are read only with ADK-TS's system name, so no other framework's
 * `generate` or `agent_run` is taken for them.
 */

const SYSTEM = 'iqai-adk';
const AGENT_RUN = /^agent_run(?:_live)? \[(.+)\]$/;

/** The type of an ADK-TS agent-run or model-call span; undefined for any other span. */
export function iqaiAdkType(span: EncodedAttrs, name: string): SpanType | undefined {
  if (stringAttr(span, 'gen_ai.operation.name') === 'generate' && stringAttr(span, 'gen_ai.system.name') === SYSTEM) return 'llm';
  if (stringAttr(span, 'gen_ai.system') === SYSTEM && AGENT_RUN.test(name)) return 'agent';
  return undefined;
}

/** The agent an ADK-TS agent-run span runs, from its name; undefined for any other span. */
export function iqaiAdkAgent(span: EncodedAttrs, name: string): string | undefined {
  if (stringAttr(span, 'gen_ai.system') !== SYSTEM) return undefined;
  return AGENT_RUN.exec(name)?.[1];
}
