import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { createHandoffTool, createSwarm } from '@langchain/langgraph-swarm';
import { z } from 'zod';
import { ScriptedChatModel, type Usage } from './scripted-chat-model';

/**
 * A travel desk written with `@langchain/langgraph-swarm` as its README shows:
 * two `createReactAgent` agents, `Flights` and `Hotels`, each with a handoff
 * tool to the other (`createHandoffTool`, so `transfer_to_hotels` /
 * `transfer_to_flights`: the swarm lower-cases the agent's name into the tool
 * name), compiled with a checkpointer so that a thread remembers its active
 * agent. Scripted chat models, no network. Nothing in it knows Baton.
 *
 * Turn 1 starts at `Flights` (the default active agent), which books the
 * flight and hands over to `Hotels`, which books the hotel and answers.
 * Turn 2, in the same thread, resumes at `Hotels` (the swarm remembers), which
 * hands back to `Flights`, which moves the flight and answers.
 */

export const AGENTS = { flights: 'Flights', hotels: 'Hotels' } as const;
export const MODELS = { flights: 'scripted-flights-1', hotels: 'scripted-hotels-1' } as const;

/** The usage each model call reports, per turn, in call order. */
export const USAGE = {
  flightsBook: { input: 180, output: 16 },
  flightsToHotels: { input: 240, output: 9 },
  hotelsBook: { input: 260, output: 18 },
  hotelsAnswer: { input: 320, output: 35 },
  hotelsToFlights: { input: 380, output: 8 },
  flightsChange: { input: 410, output: 15 },
  flightsAnswer: { input: 470, output: 30 },
} satisfies Record<string, Usage>;

export const TURNS = [
  { question: 'Book me a flight to Lisbon on Thursday and a hotel near the centre for two nights.', answer: 'Flight LX-204 to Lisbon on Thursday and two nights at Hotel Baixa are booked.' },
  { question: 'Actually, please move the flight to Friday.', answer: 'Your Lisbon flight is now LX-208 on Friday; the hotel is unchanged.' },
] as const;

export interface TravelDesk {
  /** Runs one user turn in a thread; resolves with the final answer. */
  turn(threadId: string, question: string): Promise<string>;
  /** Model calls each scripted model made. */
  calls(): Record<keyof typeof MODELS, number>;
}

export function travelDesk(): TravelDesk {
  const bookFlight = tool(async ({ to, day }) => JSON.stringify({ flight: 'LX-204', to, day }), {
    name: 'book_flight',
    description: 'Book a flight.',
    schema: z.object({ to: z.string(), day: z.string() }),
  });
  const changeFlight = tool(async ({ flight, day }) => JSON.stringify({ flight: 'LX-208', was: flight, day }), {
    name: 'change_flight',
    description: 'Move a booked flight to another day.',
    schema: z.object({ flight: z.string(), day: z.string() }),
  });
  const bookHotel = tool(async ({ city, nights }) => JSON.stringify({ hotel: 'Hotel Baixa', city, nights }), {
    name: 'book_hotel',
    description: 'Book a hotel.',
    schema: z.object({ city: z.string(), nights: z.number() }),
  });
  const flightsModel = new ScriptedChatModel(MODELS.flights, [
    { call: { name: 'book_flight', args: { to: 'Lisbon', day: 'Thursday' } }, usage: USAGE.flightsBook },
    { call: { name: 'transfer_to_hotels', args: {} }, usage: USAGE.flightsToHotels },
    { call: { name: 'change_flight', args: { flight: 'LX-204', day: 'Friday' } }, usage: USAGE.flightsChange },
    { text: TURNS[1].answer, usage: USAGE.flightsAnswer },
  ]);
  const hotelsModel = new ScriptedChatModel(MODELS.hotels, [
    { call: { name: 'book_hotel', args: { city: 'Lisbon', nights: 2 } }, usage: USAGE.hotelsBook },
    { text: TURNS[0].answer, usage: USAGE.hotelsAnswer },
    { call: { name: 'transfer_to_flights', args: {} }, usage: USAGE.hotelsToFlights },
  ]);
  const flights = createReactAgent({
    llm: flightsModel,
    tools: [bookFlight, changeFlight, createHandoffTool({ agentName: AGENTS.hotels, description: 'Transfer to Hotels, for hotel bookings' })],
    name: AGENTS.flights,
    prompt: 'You book and change flights.',
  });
  const hotels = createReactAgent({
    llm: hotelsModel,
    tools: [bookHotel, createHandoffTool({ agentName: AGENTS.flights, description: 'Transfer to Flights, for flight bookings and changes' })],
    name: AGENTS.hotels,
    prompt: 'You book hotels.',
  });
  const app = createSwarm({ agents: [flights, hotels], defaultActiveAgent: AGENTS.flights }).compile({ checkpointer: new MemorySaver() });
  return {
    async turn(threadId, question) {
      const result = await app.invoke({ messages: [{ role: 'user', content: question }] }, { configurable: { thread_id: threadId } });
      const last = result.messages.at(-1);
      return typeof last?.content === 'string' ? last.content : '';
    },
    calls: () => ({ flights: flightsModel.callCount, hotels: hotelsModel.callCount }),
  };
}
