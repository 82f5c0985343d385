import { agnoTeam } from '@/tests/fixtures/conventions/agno';
import { autogenSwarm } from '@/tests/fixtures/conventions/autogen';
import { crewAi } from '@/tests/fixtures/conventions/crewai';
import { pydanticAi } from '@/tests/fixtures/conventions/pydantic-ai';
import { smolagentsManaged } from '@/tests/fixtures/conventions/smolagents';
import { describeConformance } from '@/tests/helpers/conformance';

/**
 * Python multi-agent frameworks, which cannot run here (no Python packages
 * can be installed): one realistic multi-agent trace per framework, built from
 * the spans its recommended instrumentation emits (each fixture cites the
 * instrumentation's source file for every name), through ingest, storage, the
 * analyzer and the trace API: agents, each span's agent, type, model and
 * tokens, session, user, and exactly the handoffs the framework made.
 */

const START = Date.now() - 3_000_000;

describeConformance([crewAi, autogenSwarm, pydanticAi, agnoTeam, smolagentsManaged].map((f, i) => f(START + i * 10_000)));
