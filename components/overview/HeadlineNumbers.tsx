import Link from 'next/link';
import { formatCount, formatPercent } from '@/lib/charts/prepare';
import { DEFINITIONS } from '@/lib/definitions';
import { withRange, type RangeParams } from '@/lib/links';
import type { Stats } from '@/lib/schemas/stats';
import { BAND_TEXT, scoreBand, SCORE_BANDS, type ScoreBand } from '@/lib/score-scale';

interface Figure {
  label: string;
  value: string;
  detail: string;
  href: string;
  /** What the number is (docs/analysis.md, "Reading the numbers"). */
  definition: string;
  /** Coloured by the score scale: a score's band, or a drift rate's worst severity. */
  band?: ScoreBand;
}

const CONSISTENT_MIN = SCORE_BANDS[0]!.min;

/** Sessions below the consistent band, from the histogram (its bins never straddle a band). */
const belowConsistent = (s: Stats) => s.scoreHistogram.filter((b) => b.max < CONSISTENT_MIN).reduce((n, b) => n + b.sessions, 0);

function figures(s: Stats, range: RangeParams): Figure[] {
  const h = s.handoffs;
  const score = s.meanScore === null ? null : Math.round(s.meanScore);
  const below = belowConsistent(s);
  const critical = h.severity.critical;
  return [
    { label: 'Sessions', value: formatCount(s.sessions), detail: 'active in this range', href: withRange('/sessions', range), definition: DEFINITIONS.sessions },
    { label: 'Spans', value: formatCount(s.spans), detail: `${formatCount(s.errors)} with errors`, href: withRange('/traces', range), definition: DEFINITIONS.spans },
    { label: 'Handoffs', value: formatCount(h.total), detail: `${formatCount(h.pending)} pending`, href: withRange('/handoffs', range), definition: DEFINITIONS.handoffs },
    {
      label: 'Drift rate',
      value: formatPercent(h.driftRate),
      detail: `${formatCount(h.drifted)} of ${formatCount(h.complete)} complete, ${formatCount(critical)} critical`,
      // A critical handoff reads red here as it does in every list: the rate alone would hide it.
      href: withRange('/handoffs', range, critical > 0 ? { severity: 'critical' } : {}),
      definition: DEFINITIONS.driftRate,
      band: critical > 0 ? 'inconsistent' : h.severity.warning > 0 ? 'drifting' : undefined,
    },
    {
      label: 'Mean consistency',
      value: score === null ? '–' : String(score),
      detail: s.sessions === 0 ? 'session score, 0–100' : `${formatCount(below)} of ${formatCount(s.sessions)} sessions below ${CONSISTENT_MIN}`,
      href: below > 0 ? withRange('/sessions', range, { maxScore: CONSISTENT_MIN - 1 }) : withRange('/sessions', range),
      definition: DEFINITIONS.meanScore,
      // One number, one colour: the mean in its own band; the detail says how many sessions are below the consistent one.
      band: score === null ? undefined : scoreBand(score),
    },
  ];
}

/** The overview's headline figures; each opens the list it counts. */
export function HeadlineNumbers({ stats, range }: { stats: Stats; range: RangeParams }) {
  return (
    <dl aria-label="Headline figures" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {figures(stats, range).map((f) => (
        <div
          key={f.label}
          className="relative rounded-lg border border-zinc-200 bg-white px-3 py-2.5 focus-within:ring-2 focus-within:ring-indigo-500/40 hover:border-indigo-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
        >
          <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{f.label}</dt>
          <dd className={`mt-0.5 text-2xl font-semibold tabular-nums ${f.band ? BAND_TEXT[f.band] : ''}`} data-band={f.band ?? 'none'}>
            {/* The link covers the card (after:inset-0), so the whole card opens the list; its title says what the number is. */}
            <Link href={f.href} prefetch={false} title={f.definition} className="outline-none after:absolute after:inset-0" aria-label={`${f.label}: ${f.value}, ${f.detail}`}>
              {f.value}
            </Link>
          </dd>
          <dd className="text-xs text-zinc-500">{f.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
