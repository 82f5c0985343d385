/**
 * What each headline number is, in one sentence: shown next to the number
 * (a title or an info popover) and written the same way in docs/analysis.md,
 * "Reading the numbers" (`definitions.test.ts` checks the docs say each one).
 */
export const DEFINITIONS = {
  sessions: 'Sessions active in the range: ended at or after its start and started at or before its end.',
  spans: 'Spans that started in the range; those with error status are counted as errors.',
  handoffs: 'Handoffs whose send is in the range, pending ones (only one side seen yet) included.',
  driftRate: 'The share of complete handoffs with any drift: severity info, warning or critical.',
  meanScore: 'The mean consistency score of the sessions active in the range.',
  score:
    'A session’s consistency, 0–100: 40% mean retention per turn, 40% mean handoff fidelity, 20% shrinking with each contradiction; any critical handoff keeps it below 80, any warning below 100.',
  fidelity: 'The share of what the sender handed over (its facts, constraints and contract entries) that arrived unchanged.',
  meanFidelity: 'The mean fidelity of the complete handoffs compared on snapshots or digests (the text method has none).',
  retention: 'The share of the facts established so far in the session that a turn’s last snapshot still holds.',
  contradictions: 'Observations of a fact whose value differs from its previous one without a declared update, in this session or against the user’s previous one.',
} as const;

export type Defined = keyof typeof DEFINITIONS;
