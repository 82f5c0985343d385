import { cn } from '@/lib/cn';
import { SCORE_COLOR, SCORE_LABEL, scoreTone } from '@/lib/sessions/score';

const TEXT = {
  good: 'text-emerald-700 dark:text-emerald-400',
  fair: 'text-amber-700 dark:text-amber-400',
  poor: 'text-red-700 dark:text-red-400',
} as const;

/** A consistency score 0–100: the number in its tone's colour and a small bar, readable without colour (the number, the title). */
export function ScoreBar({ score, className }: { score: number; className?: string }) {
  const tone = scoreTone(score);
  return (
    <span className={cn('inline-flex items-center gap-2', className)} title={`Consistency ${score}/100: ${SCORE_LABEL[tone]}`}>
      <span className={cn('w-7 text-right font-medium tabular-nums', TEXT[tone])}>{score}</span>
      <span aria-hidden className="h-1.5 w-12 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <span className="block h-full rounded-full" style={{ width: `${score}%`, backgroundColor: SCORE_COLOR[tone] }} />
      </span>
    </span>
  );
}
