import { cn } from '@/lib/cn';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { percent, SCORE_COLOR, SCORE_LABEL, scoreTone } from '@/lib/sessions/score';

const TONE_TEXT = { good: 'text-emerald-600 dark:text-emerald-400', fair: 'text-amber-600 dark:text-amber-400', poor: 'text-red-600 dark:text-red-400' } as const;

/**
 * The consistency score with its formula and the three terms that made it, so
 * the number can be checked by hand; a dash while the session is not analysed.
 */
export function ScoreCard({ metrics, pending = false, compact = false }: { metrics: SessionDetail['metrics']; pending?: boolean; compact?: boolean }) {
  if (pending) {
    return (
      <div className="flex items-start gap-3" aria-label="Consistency score not computed yet">
        <div className={cn('font-semibold leading-none text-zinc-400', compact ? 'text-2xl' : 'text-4xl')}>–</div>
        <p className="text-xs text-zinc-500">Not analysed yet: the score comes with the analysis.</p>
      </div>
    );
  }
  const tone = scoreTone(metrics.score);
  return (
    <div className="flex items-start gap-3" aria-label={`Consistency score ${metrics.score} out of 100`}>
      <div className="text-center">
        <div className={cn('font-semibold tabular-nums leading-none', compact ? 'text-2xl' : 'text-4xl', TONE_TEXT[tone])}>{metrics.score}</div>
        <div className="mt-1 h-1 w-12 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
          <div className="h-full rounded-full" style={{ width: `${metrics.score}%`, backgroundColor: SCORE_COLOR[tone] }} />
        </div>
        <div className="mt-1 whitespace-nowrap text-[11px] text-zinc-500">{SCORE_LABEL[tone]}</div>
      </div>
      <div className="min-w-0 text-xs text-zinc-600 dark:text-zinc-400">
        <p className="font-mono text-[11px] leading-snug text-zinc-500" title="How the score is computed">
          {metrics.scoreFormula}
        </p>
        <dl className="mt-1.5 flex flex-wrap gap-x-4 gap-y-0.5">
          <div className="flex gap-1">
            <dt>mean retention</dt>
            <dd className="font-medium tabular-nums text-zinc-800 dark:text-zinc-200">{metrics.meanRetention === null ? '– (counts as 100%)' : percent(metrics.meanRetention)}</dd>
          </div>
          <div className="flex gap-1">
            <dt>mean fidelity</dt>
            <dd className="font-medium tabular-nums text-zinc-800 dark:text-zinc-200">{metrics.meanFidelity === null ? '– (counts as 100%)' : percent(metrics.meanFidelity)}</dd>
          </div>
          <div className="flex gap-1">
            <dt>contradictions</dt>
            <dd className="font-medium tabular-nums text-zinc-800 dark:text-zinc-200">{metrics.contradictions}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
