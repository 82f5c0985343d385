import Link from 'next/link';
import { formatCount, formatPercent } from '@/lib/charts/prepare';
import { withRange, type RangeParams } from '@/lib/links';
import type { Stats } from '@/lib/schemas/stats';

interface Figure {
  label: string;
  value: string;
  detail: string;
  href: string;
  tone?: 'bad' | 'warn';
}

function figures(s: Stats, range: RangeParams): Figure[] {
  const drift = s.handoffs.driftRate;
  const score = s.meanScore;
  return [
    { label: 'Sessions', value: formatCount(s.sessions), detail: 'active in this range', href: withRange('/sessions', range) },
    { label: 'Spans', value: formatCount(s.spans), detail: `${formatCount(s.errors)} with errors`, href: withRange('/traces', range) },
    { label: 'Handoffs', value: formatCount(s.handoffs.total), detail: `${formatCount(s.handoffs.pending)} pending`, href: withRange('/handoffs', range) },
    {
      label: 'Drift rate',
      value: formatPercent(drift),
      detail: `${formatCount(s.handoffs.drifted)} of ${formatCount(s.handoffs.complete)} complete handoffs`,
      href: withRange('/handoffs', range),
      tone: drift !== null && drift >= 0.25 ? 'bad' : drift !== null && drift > 0 ? 'warn' : undefined,
    },
    {
      label: 'Mean consistency',
      value: score === null ? '–' : String(Math.round(score)),
      detail: 'session score, 0–100',
      href: withRange('/sessions', range),
      tone: score !== null && score < 60 ? 'bad' : score !== null && score < 80 ? 'warn' : undefined,
    },
  ];
}

const TONE = { plain: '', warn: 'text-amber-600 dark:text-amber-400', bad: 'text-red-600 dark:text-red-400' } as const;

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
          <dd className={`mt-0.5 text-2xl font-semibold tabular-nums ${TONE[f.tone ?? 'plain']}`}>
            {/* The link covers the card (after:inset-0), so the whole card opens the list. */}
            <Link href={f.href} prefetch={false} className="outline-none after:absolute after:inset-0" aria-label={`${f.label}: ${f.value}, ${f.detail}`}>
              {f.value}
            </Link>
          </dd>
          <dd className="text-xs text-zinc-500">{f.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
