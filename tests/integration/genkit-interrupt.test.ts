import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableGenkitOTelInitialization } from 'genkit/tracing';
import type { TraceDetail, TraceList } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { eventually } from '@/tests/helpers/eventually';
import { registerExport, typeCounts, type FrameworkExport } from '@/tests/helpers/framework-export';
import { BOOKED, BOOKER, BOOKING_USAGE, bookingDesk } from '@/tests/helpers/genkit-agents';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Genkit (`genkit` 1.42), run for real: an agent whose tool is an interrupt
 * (`ai.defineInterrupt`) pauses its chat for the traveller, and the app
 * resumes it (`chat.resume`). Genkit records the interrupted tool call as an
 * error (status ERROR, a `ToolInterruptError` exception event); it is a pause
 * for a human, control flow, not a failure. Scripted model, no network;
 * exported as in `genkit.test.ts`.
 */

const SESSION = 'genkit-booking-1';
const DEADLINE_MS = 15_000;

let baton: BatonProcess;
let otel: FrameworkExport;

beforeAll(async () => {
  baton = await startBaton();
  disableGenkitOTelInitialization();
  otel = registerExport(baton, 'booking-genkit');
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

describe('a Genkit interrupt, resumed', () => {
  /** The two turns' traces (the interrupted turn, then the resumed one), as Baton stored them. */
  let turns: TraceDetail[];
  let listed: TraceList['traces'];

  beforeAll(async () => {
    const desk = bookingDesk();
    expect(await desk.book('Book me a seat on tonight’s Nightjet.', SESSION)).toEqual({ finishReasons: ['interrupted', 'stop'], text: BOOKED, sessionIds: [SESSION, SESSION] });
    expect(desk.calls()).toBe(2);
    await otel.flush();
    const emitted = otel.emitted();
    const traceIds = [...new Set(emitted.map((s) => s.spanContext().traceId))];
    expect(traceIds).toHaveLength(2);
    turns = [];
    for (const traceId of traceIds) {
      const spans = emitted.filter((s) => s.spanContext().traceId === traceId).length;
      const { value } = await eventually('turn stored', DEADLINE_MS, async () => {
        const res = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
        return res.status === 200 && res.body.spans.length === spans ? res.body : undefined;
      });
      turns.push(value);
    }
    ({ value: listed } = await eventually('both turns listed', DEADLINE_MS, async () => {
      const res = await baton.api<TraceList>(`/api/v1/traces?q=${encodeURIComponent(SESSION)}`);
      return res.body.traces?.length === 2 ? res.body.traces : undefined;
    }));
  });

  it('keeps the interrupted tool call as control flow, not an error, with its exception', () => {
    const [asked] = turns;
    const paused = asked!.spans.filter((s) => s.status.code !== 'unset' && s.status.code !== 'ok');
    expect(paused.map((s) => ({ name: s.name, type: s.type, agent: s.agent, tool: s.tool, status: s.status.code }))).toEqual([
      { name: BOOKER.interrupt, type: 'tool', agent: BOOKER.agent, tool: BOOKER.interrupt, status: 'control' },
    ]);
    expect(paused[0]!.events.map((e) => [e.name, e.attributes['exception.type']])).toEqual([['exception', 'ToolInterruptError']]);
    expect(turns[1]!.spans.filter((s) => s.status.code === 'error' || s.status.code === 'control')).toEqual([]);
    expect(listed.map((t) => t.errors)).toEqual([0, 0]);
  });

  it('types both turns, each one run of the booker, every span in the chat’s session', () => {
    expect(turns.map(typeCounts)).toEqual([
      { [`${BOOKER.agent}: agent`]: 1, 'runTurn-1: other': 1, 'render: other': 1, 'generate: other': 1, [`${BOOKER.model}: llm`]: 1, [`${BOOKER.interrupt}: tool`]: 1 },
      // Resuming answers the interrupt, then runs the model again (a nested generate round).
      { [`${BOOKER.agent}: agent`]: 1, 'runTurn-1: other': 1, 'render: other': 1, 'generate: other': 2, [`${BOOKER.model}: llm`]: 1 },
    ]);
    expect(new Set(turns.flatMap((t) => t.spans.map((s) => `${s.sessionId} / ${s.agent}`)))).toEqual(new Set([`${SESSION} / ${BOOKER.agent}`]));
    expect(turns.flatMap((t) => t.spans.filter((s) => s.type === 'llm').map((s) => ({ model: s.model, usage: s.usage })))).toEqual([
      { model: BOOKER.model, usage: BOOKING_USAGE.ask },
      { model: BOOKER.model, usage: BOOKING_USAGE.book },
    ]);
    expect(turns.flatMap((t) => t.handoffs)).toEqual([]);
  });

  it('sums the session: two turns, one agent, no handoffs, no errors', async () => {
    const { value: session } = await eventually('session with both turns analysed', DEADLINE_MS, async () => {
      const res = await baton.api<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(SESSION)}`);
      return res.status === 200 && !res.body.analysisPending && res.body.session.traces === 2 ? res.body : undefined;
    });
    expect(session.session).toMatchObject({ sessionId: SESSION, traces: 2, agents: [BOOKER.agent], handoffs: 0, errors: 0 });
    expect(session.handoffs).toEqual([]);
    const calls = Object.values(BOOKING_USAGE);
    expect(session.metrics.tokens).toEqual({ input: calls.reduce((n, u) => n + u.input, 0), output: calls.reduce((n, u) => n + u.output, 0) });
  });
});
