/**
 * Textual drift, for handoffs without snapshots (docs/analysis.md,
 * "Text method"): what the sender was given that the receiver was not. Items
 * are constraint lines and facts (numbers with their unit, quoted values,
 * identifiers); texts are compared by word similarity.
 */

const CONSTRAINT_MARKERS =
  /\b(must|never|always|do not|don't|dont|only|required|requires|forbidden|not allowed|at most|at least|no more than|no less than|without exceeding|under no)\b/i;

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Words of a text (letters and digits of any script), lower-cased. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Cosine similarity of the two texts' word counts, 0..1. */
export function textSimilarity(a: string, b: string): number {
  const count = (ws: string[]) => ws.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
  const ca = count(words(a));
  const cb = count(words(b));
  if (ca.size === 0 && cb.size === 0) return 1;
  if (ca.size === 0 || cb.size === 0) return 0;
  let dot = 0;
  for (const [w, n] of ca) dot += n * (cb.get(w) ?? 0);
  const norm = (c: Map<string, number>) => Math.sqrt([...c.values()].reduce((s, n) => s + n * n, 0));
  return Math.round((dot / (norm(ca) * norm(cb))) * 1000) / 1000;
}

/** Lines that state a rule: "Never promise refunds above the budget." */
export function constraintLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n|(?<=[.!?])\s+(?=[A-Z])/)
        .map((l) => l.trim().replace(/^[-*•\d.)\s]+/, ''))
        .filter((l) => l.length >= 8 && CONSTRAINT_MARKERS.test(l)),
    ),
  ];
}

const QUOTED = /"([^"\n]{1,120})"|“([^”\n]{1,120})”|'([^'\n]{2,120})'/g;
/** Units worth keeping with a number; any other word after a number is not part of it. */
const UNIT =
  '%|[€$£¥]|[A-Z]{3}(?![a-z])|(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|business days|weeks?|months?|years?|km|mi|m|kg|g|lbs?|kb|mb|gb|tb|tokens?|items?|units?|pcs|people|nights?|seats?)(?![\\p{L}])';
const NUMBER_WITH_UNIT = new RegExp(`(?<![\\p{L}\\p{N}_-])[$€£]?\\d+(?:[.,]\\d+)*(?:\\s?(?:${UNIT}))?`, 'gu');
const IDENTIFIER = /\b[A-Za-z]+[-_#]?\d[\w-]*\b/g;

/** Facts stated in a text: quoted values, numbers with their unit, identifiers such as C-1042. */
export function textFacts(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(QUOTED)) found.add((m[1] ?? m[2] ?? m[3] ?? '').trim());
  for (const m of text.matchAll(NUMBER_WITH_UNIT)) {
    const token = m[0].trim();
    // A bare one-digit number ("turn 2") says too little to track.
    if (/\d\d|\D/.test(token.replace(/^[$€£]/, ''))) found.add(token);
  }
  for (const m of text.matchAll(IDENTIFIER)) found.add(m[0]);
  found.delete('');
  return [...found];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * True when the receiver's text holds the item, case and spacing ignored. A
 * number with a unit is also held when both appear apart ("EUR 300" holds
 * "300 EUR"), but not by the number alone ("300 USD" does not).
 */
function holds(receiver: string, item: string): boolean {
  const r = normalize(receiver);
  const i = normalize(item);
  if (r.includes(i)) return true;
  const m = /^([$€£]?)(\d+(?:[.,]\d+)*)\s?(.*)$/.exec(i);
  if (!m) return false;
  const [, currency = '', number = '', unit = ''] = m;
  const hasNumber = new RegExp(`(?<![\\d])${escapeRegExp(number)}(?![\\d])`).test(r);
  const label = unit || currency;
  return hasNumber && label !== '' && r.includes(label);
}

export interface TextDriftResult {
  dropped: string[];
  constraintsDropped: string[];
  textSimilarity: number | null;
}

export function textDrift(sender: string | null, receiver: string | null): TextDriftResult {
  if (!sender || !receiver) return { dropped: [], constraintsDropped: [], textSimilarity: null };
  const constraints = constraintLines(sender).filter((line) => !holds(receiver, line));
  const inConstraint = (fact: string) => constraints.some((c) => normalize(c).includes(normalize(fact)));
  return {
    dropped: textFacts(sender).filter((f) => !holds(receiver, f) && !inConstraint(f)),
    constraintsDropped: constraints,
    textSimilarity: textSimilarity(sender, receiver),
  };
}
