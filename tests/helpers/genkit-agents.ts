import { agents } from '@genkit-ai/middleware';
import { genkit, z, type GenkitBeta } from 'genkit/beta';

/**
 * Two Genkit agents (`ai.defineAgent`, `genkit/beta`) on scripted models
 * (`ai.defineModel`, no network): a coordinator that delegates to a
 * researcher through Genkit's delegation middleware (`agents()` from
 * `@genkit-ai/middleware`, one `delegate_to_<agent>` tool per sub-agent), as
 * Genkit's multi-agent guide shows; the researcher has a tool of its own.
 * Nothing in the app knows Baton.
 */

export interface Usage {
  input: number;
  output: number;
}

export const AGENTS = { coordinator: 'coordinator', researcher: 'researcher' } as const;
export const MODELS = { coordinator: 'scripted/coordinator', researcher: 'scripted/researcher' } as const;
export const TOOLS = { delegate: 'delegate_to_researcher', search: 'search_trains' } as const;

/** The usage each model call reports, in call order. */
export const USAGE = {
  coordinatorDelegate: { input: 120, output: 18 },
  researcherSearch: { input: 64, output: 12 },
  researcherAnswer: { input: 96, output: 40 },
  coordinatorAnswer: { input: 210, output: 36 },
} satisfies Record<string, Usage>;

export const QUESTION = 'How do I get from Paris to Vienna overnight?';
export const TASK = 'Find night trains from Paris to Vienna.';
const TIMETABLE = 'Nightjet NJ 469: Paris Est 19:58, Wien Hbf 10:15, Mon/Thu/Sat.';
const FINDINGS = 'Nightjet runs Paris–Vienna three times a week; couchettes from 59 EUR.';
export const ANSWER = 'Take the Nightjet: three departures a week, couchettes from 59 EUR.';

type Part = { text: string } | { toolRequest: { name: string; input: unknown; ref: string } };

/** What each scripted model answers, call after call. */
const SCRIPTS: Record<string, [Part, Usage][]> = {
  [MODELS.coordinator]: [
    [{ toolRequest: { name: TOOLS.delegate, input: { task: TASK }, ref: 'call-delegate-1' } }, USAGE.coordinatorDelegate],
    [{ text: ANSWER }, USAGE.coordinatorAnswer],
  ],
  [MODELS.researcher]: [
    [{ toolRequest: { name: TOOLS.search, input: { from: 'Paris', to: 'Vienna' }, ref: 'call-search-1' } }, USAGE.researcherSearch],
    [{ text: FINDINGS }, USAGE.researcherAnswer],
  ],
};

export interface Desk {
  ai: GenkitBeta;
  /** Asks the coordinator, in a chat whose session is `sessionId`; resolves with its answer and the chat's session. */
  ask(question: string, sessionId: string): Promise<{ text: string; sessionId: string | undefined }>;
  /** Model calls made so far, per model. */
  calls(): Record<string, number>;
}

export function travelDesk(): Desk {
  const ai = genkit({});
  const calls: Record<string, number> = {};
  for (const model of Object.values(MODELS)) {
    ai.defineModel({ name: model, label: model, supports: { tools: true, multiturn: true, systemRole: true } }, async () => {
      const n = calls[model] ?? 0;
      calls[model] = n + 1;
      const step = SCRIPTS[model]?.[n];
      if (!step) throw new Error(`${model} has no scripted answer for call ${n + 1}`);
      const [part, usage] = step;
      return { message: { role: 'model', content: [part] }, finishReason: 'stop', usage: { inputTokens: usage.input, outputTokens: usage.output } };
    });
  }
  const searchTrains = ai.defineTool(
    { name: TOOLS.search, description: 'Searches night train timetables.', inputSchema: z.object({ from: z.string(), to: z.string() }), outputSchema: z.string() },
    async () => TIMETABLE,
  );
  ai.defineAgent({ name: AGENTS.researcher, description: 'Finds train connections and fares.', model: MODELS.researcher, system: 'Research the request and report what you find.', tools: [searchTrains] });
  const coordinator = ai.defineAgent({
    name: AGENTS.coordinator,
    model: MODELS.coordinator,
    system: 'Delegate research to the researcher, then answer the traveller.',
    use: [agents({ agents: [AGENTS.researcher] })],
  });
  return {
    ai,
    async ask(question, sessionId) {
      const response = await coordinator.chat({ state: { sessionId } }).send(question);
      const text = (response.message?.content ?? []).map((p) => p.text ?? '').join('');
      return { text, sessionId: response.sessionId };
    },
    calls: () => ({ ...calls }),
  };
}

export const BOOKER = { agent: 'booker', model: 'scripted/booker', interrupt: 'confirm_seat' } as const;
export const BOOKING_USAGE = { ask: { input: 80, output: 14 }, book: { input: 130, output: 22 } } satisfies Record<string, Usage>;
export const BOOKED = 'Seat 12A is booked on the Nightjet.';

export interface BookingDesk {
  /** One chat: the booker asks the traveller to confirm a seat (an interrupt); resolves with each turn's finish reason and the final text. */
  book(request: string, sessionId: string): Promise<{ finishReasons: string[]; text: string; sessionIds: (string | undefined)[] }>;
  calls(): number;
}

/**
 * A Genkit agent that pauses for the traveller: its `confirm_seat` tool is an
 * interrupt (`ai.defineInterrupt`), so the first turn ends `interrupted`, and
 * the app resumes the chat with the traveller's answer (`chat.resume`), as
 * Genkit's interrupts guide shows.
 */
export function bookingDesk(): BookingDesk {
  const ai = genkit({});
  let calls = 0;
  const steps: [Part, Usage][] = [
    [{ toolRequest: { name: BOOKER.interrupt, input: { seat: '12A' }, ref: 'call-confirm-1' } }, BOOKING_USAGE.ask],
    [{ text: BOOKED }, BOOKING_USAGE.book],
  ];
  ai.defineModel({ name: BOOKER.model, label: BOOKER.model, supports: { tools: true, multiturn: true, systemRole: true } }, async () => {
    const step = steps[calls++];
    if (!step) throw new Error(`${BOOKER.model} has no scripted answer for call ${calls}`);
    const [part, usage] = step;
    return { message: { role: 'model', content: [part] }, finishReason: 'stop', usage: { inputTokens: usage.input, outputTokens: usage.output } };
  });
  const confirmSeat = ai.defineInterrupt({ name: BOOKER.interrupt, description: 'Asks the traveller to confirm a seat.', inputSchema: z.object({ seat: z.string() }), outputSchema: z.boolean() });
  const booker = ai.defineAgent({ name: BOOKER.agent, model: BOOKER.model, system: 'Book seats once the traveller confirms.', tools: [confirmSeat] });
  return {
    async book(request, sessionId) {
      const chat = booker.chat({ state: { sessionId } });
      const asked = await chat.send(request);
      const question = asked.message?.content.find((p) => p.toolRequest);
      if (!question?.toolRequest) throw new Error('the booker did not ask');
      const booked = await chat.resume({ respond: [confirmSeat.respond({ toolRequest: question.toolRequest }, true)] });
      const text = (booked.message?.content ?? []).map((p) => p.text ?? '').join('');
      return { finishReasons: [asked.finishReason ?? '', booked.finishReason ?? ''], text, sessionIds: [asked.sessionId, booked.sessionId] };
    },
    calls: () => calls,
  };
}
