import { strandsSwarm, voltAgent } from '@/tests/fixtures/conventions/js-frameworks';
import { openInferenceAgents, openInferenceLangGraph } from '@/tests/fixtures/conventions/openinference';
import { openAiAgentsContrib, openLLMetry } from '@/tests/fixtures/conventions/openllmetry';
import { otelGenAi, otelGenAiLegacy } from '@/tests/fixtures/conventions/otel-genai';
import { unknownConvention, vercelAi } from '@/tests/fixtures/conventions/vercel-ai';
import { describeConformance } from '@/tests/helpers/conformance';

/**
 * Conformance of each convention Baton reads: one realistic multi-agent trace
 * per convention, from its published attribute names (tests/helpers/conformance.ts).
 */

const START = Date.now() - 3_600_000;

describeConformance(
  [otelGenAi, otelGenAiLegacy, openInferenceAgents, openInferenceLangGraph, openLLMetry, openAiAgentsContrib, vercelAi, strandsSwarm, voltAgent, unknownConvention].map((f, i) => f(START + i * 10_000)),
);
