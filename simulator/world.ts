import type { Random } from './random';

/**
 * The simulated world: users and their profiles, the models agents call, and
 * the values facts take. Pure data and small pure helpers; the topologies
 * draw their tasks from here.
 */

/** A fact value as agents record it (JSON scalars only: Baton compares them by value). */
export type FactValue = string | number | boolean;
/** Facts by dotted path (`customer.tier`); nested into objects when recorded. */
export type Facts = Record<string, FactValue>;
/** A rule with an id, so that a contract or a report can name it. */
export interface Rule {
  id: string;
  text: string;
}

export interface Model {
  provider: string;
  request: string;
  response: string;
  /** The context window an agent on this model works within (snapshot `tokenLimit`). */
  window: number;
}

/** A handful of real-looking models (`gen_ai.provider.name`, request and response model ids). */
export const MODELS: readonly Model[] = [
  { provider: 'openai', request: 'gpt-4o', response: 'gpt-4o-2024-08-06', window: 128_000 },
  { provider: 'openai', request: 'gpt-4o-mini', response: 'gpt-4o-mini-2024-07-18', window: 128_000 },
  { provider: 'anthropic', request: 'claude-3-5-sonnet-20241022', response: 'claude-3-5-sonnet-20241022', window: 200_000 },
  { provider: 'anthropic', request: 'claude-3-5-haiku-20241022', response: 'claude-3-5-haiku-20241022', window: 200_000 },
  { provider: 'gcp.gemini', request: 'gemini-1.5-pro', response: 'gemini-1.5-pro-002', window: 1_000_000 },
  { provider: 'aws.bedrock', request: 'anthropic.claude-3-haiku-20240307-v1:0', response: 'anthropic.claude-3-haiku-20240307-v1:0', window: 200_000 },
  { provider: 'mistral_ai', request: 'mistral-large-latest', response: 'mistral-large-2411', window: 128_000 },
];

/** The token budget an agent keeps its context within (its own limit, well below the model's window). */
export const CONTEXT_BUDGETS = [8_000, 16_000, 32_000] as const;

export const TIERS = ['gold', 'silver', 'bronze'] as const;
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

const FIRST_NAMES = ['ana', 'ben', 'chloe', 'david', 'elena', 'farid', 'greta', 'hugo', 'ines', 'jonas', 'kemal', 'lena', 'marta', 'nils', 'olga', 'pablo', 'rosa', 'sven', 'tara', 'yusuf'];
const LAST_NAMES = ['almeida', 'berger', 'costa', 'dubois', 'eriksen', 'fischer', 'garcia', 'haddad', 'ivanova', 'jansen', 'kowalski', 'lindqvist', 'moreau', 'novak', 'okafor', 'petrov', 'rossi', 'schmidt', 'tanaka', 'weber'];
/** Reserved example domains (RFC 2606): simulated addresses reach no one. */
const MAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

/** Facts every session with snapshots starts from: who the user is. */
export const PROFILE_KEYS = ['customer.id', 'customer.tier', 'customer.email', 'customer.language'] as const;
/** Profile facts a later session may contradict (cross-session fault). */
export const CONTRADICTABLE_PROFILE_KEYS = ['customer.tier', 'customer.language'] as const;

/** A new user's profile; `taken` holds customer ids already given out. */
export function newProfile(r: Random, taken: Set<string>): Facts {
  let id = '';
  do id = `C-${r.int(1000, 9999)}`;
  while (taken.has(id) && taken.size < 9000);
  taken.add(id);
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const tierRoll = r.next();
  const tier = tierRoll < 0.2 ? 'gold' : tierRoll < 0.55 ? 'silver' : 'bronze';
  const langRoll = r.next();
  const language = langRoll < 0.5 ? 'en' : r.pick(LANGUAGES);
  return {
    'customer.id': id,
    'customer.tier': tier,
    'customer.email': `${first}.${last}${id.slice(2, 4)}@${r.pick(MAIL_DOMAINS)}`,
    'customer.language': language,
  };
}

export const DESTINATIONS = ['Lisbon', 'Kyoto', 'Reykjavik', 'Vienna', 'Marrakesh', 'Oaxaca', 'Tallinn', 'Hanoi', 'Porto', 'Bergen'];
export const RESEARCH_TOPICS = [
  'heat pumps in pre-war apartment buildings',
  'four-day work weeks in logistics companies',
  'battery recycling capacity in the EU',
  'open-source licences for AI model weights',
  'night trains between European capitals',
  'urban tree cover and summer heat',
];
export const AUDIENCES = ['board', 'engineering team', 'newsletter readers', 'policy advisors'];

/** A date `days` after the epoch-ms `fromMs`, as `YYYY-MM-DD` (pure: no clock is read). */
export function isoDate(fromMs: number, days: number): string {
  return new Date(fromMs + days * 86_400_000).toISOString().slice(0, 10);
}

/** `ORD-` and six digits: the shape of an order number. */
export function orderNumber(r: Random): string {
  return `ORD-${r.int(100_000, 999_999)}`;
}

/**
 * Facts an agent may invent (ungrounded facts), with one fixed value each so
 * that two sessions inventing the same one never contradict each other.
 * No task ever holds these keys.
 */
export const INVENTED_FACTS: ReadonlyArray<readonly [string, FactValue]> = [
  ['refund.approved', true],
  ['discount.code', 'WELCOME10'],
  ['shipping.express', true],
  ['loyalty.bonus_points', 500],
  ['case.escalated', true],
  ['voucher.amount', 25],
];

/** Values a string fact may take instead of its own (changed values, cross-session contradictions). */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  'customer.tier': TIERS,
  'customer.language': LANGUAGES,
  'order.currency': CURRENCIES,
  'trip.currency': CURRENCIES,
  'trip.destination': DESTINATIONS,
  'research.audience': AUDIENCES,
  'return.method': ['refund', 'exchange', 'store credit'],
};

/** Facts whose value says who someone is: never changed by a fault, a wrong id is not a drifted value. */
const IDENTITIES = new Set(['customer.id', 'customer.email', 'order.id']);

/**
 * A plausible different value for a fact (what a drifting agent would hold
 * instead), or undefined when there is none worth inventing.
 */
export function alternative(key: string, value: FactValue, r: Random): FactValue | undefined {
  if (IDENTITIES.has(key)) return undefined;
  const choices = CHOICES[key];
  if (choices) return r.pick(choices.filter((c) => c !== value));
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value < 10) return value + r.pick([1, 2]);
    const next = Math.round(value * r.pick([0.5, 0.8, 1.2, 1.5, 2]));
    return next === value ? value + 10 : next;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return isoDate(Date.parse(`${value}T00:00:00Z`), r.pick([-7, -1, 1, 7]));
  }
  return undefined;
}

/** True when two dotted keys collide when nested (one is the other or a path under it). */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Dotted keys into nested objects, the way an app records them: `{ customer: { id } }`. */
export function nest(facts: Facts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
      else node = node[part] = {};
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return out;
}
