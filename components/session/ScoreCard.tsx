import type { ReactNode } from 'react';
import { InfoTip } from '@/components/ui/InfoTip';
import { scoreCap } from '@/lib/analysis/consistency';
import { cn } from '@/lib/cn';
import { DEFINITIONS } from '@/lib/definitions';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { BAND_COLOR, BAND_LABEL, BAND_TEXT, scoreBand } from '@/lib/score-scale';
import { percent } from '@/lib/sessions/score';

type Metrics = SessionDetail['metrics'];

/** What the info popover defines, in the words of docs/analysis.md. */
const TERMS = [
  ['score', 'Consistency score'],
  ['retention', 'Retention'],
  ['fidelity', 'Fidelity'],
  ['contradictions', 'Contradictions'],
] as const;

/** Why the score is at most what it is: its critical and warning handoffs, as docs/analysis.md ("Score") caps it. */
function capNote(m: Metrics): string | null {
  const complete = m.handoffs - m.pendingHandoffs;
  const cap = scoreCap({ complete, critical: m.criticalHandoffs, warning: m.warningHandoffs });
  if (cap >= 100) return null;
  const parts = [m.criticalHandoffs > 0 && `${m.criticalHandoffs} critical`, m.warningHandoffs > 0 && `${m.warningHandoffs} warning`].filter(Boolean).join(' and ');
  return `Capped at ${cap}: ${parts} of ${complete} complete handoff${complete === 1 ? '' : 's'}.`;
}

function Term({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <div className="flex gap-1" title={title}>
      <dt>{label}</dt>
      <dd className="font-medium tabular-nums text-zinc-800 dark:text-zinc-200">{children}</dd>
    </div>
  );
}

/**
 * The consistency score with its formula and the terms that made it, so the
 * number can be checked by hand, what caps it, and what each figure means; a
 * dash while the session is not analysed.
 */
export function ScoreCard({ metrics, pending = false, compact = false }: { metrics: Metrics; pending?: boolean; compact?: boolean }) {
  if (pending) {
    return (
      <div className="flex items-start gap-3" aria-label="Consistency score not computed yet">
        <div className={cn('font-semibold leading-none text-zinc-400', compact ? 'text-2xl' : 'text-4xl')}>–</div>
        <p className="text-xs text-zinc-500">Not analysed yet: the score comes with the analysis.</p>
      </div>
    );
  }
  const band = scoreBand(metrics.score);
  const cap = capNote(metrics);
  return (
    <div className="flex items-start gap-3" aria-label={`Consistency score ${metrics.score} out of 100, ${BAND_LABEL[band]}`} data-band={band}>
      <div className="text-center" title={DEFINITIONS.score}>
        <div className={cn('font-semibold tabular-nums leading-none', compact ? 'text-2xl' : 'text-4xl', BAND_TEXT[band])}>{metrics.score}</div>
        <div className="mt-1 h-1 w-12 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
          <div className="h-full rounded-full" style={{ width: `${metrics.score}%`, backgroundColor: BAND_COLOR[band] }} />
        </div>
        <div className="mt-1 whitespace-nowrap text-[11px] text-zinc-500">{BAND_LABEL[band]}</div>
      </div>
      <div className="min-w-0 text-xs text-zinc-600 dark:text-zinc-400">
        <div className="flex items-start gap-1.5">
          <p className="font-mono text-[11px] leading-snug text-zinc-500" title="How the score is computed">
            {metrics.scoreFormula}
          </p>
          <InfoTip label="the consistency score">
            <dl className="space-y-1.5">
              {TERMS.map(([k, label]) => (
                <div key={k}>
                  <dt className="font-medium">{label}</dt>
                  <dd>{DEFINITIONS[k]}</dd>
                </div>
              ))}
            </dl>
          </InfoTip>
        </div>
        <dl className="mt-1.5 flex flex-wrap gap-x-4 gap-y-0.5">
          <Term label="mean retention" title={DEFINITIONS.retention}>
            {metrics.meanRetention === null ? '– (counts as 100%)' : percent(metrics.meanRetention)}
          </Term>
          <Term label="mean fidelity" title={DEFINITIONS.meanFidelity}>
            {metrics.meanFidelity === null ? '– (counts as 100%)' : percent(metrics.meanFidelity)}
          </Term>
          <Term label="contradictions" title={DEFINITIONS.contradictions}>
            {metrics.contradictions}
          </Term>
        </dl>
        {cap && (
          <p className={cn('mt-1 font-medium', BAND_TEXT[metrics.criticalHandoffs > 0 ? 'inconsistent' : 'drifting'])} data-testid="score-cap">
            {cap}
          </p>
        )}
      </div>
    </div>
  );
}
