import { cn } from '@/lib/cn';
import { DEFINITIONS } from '@/lib/definitions';
import { BAND_COLOR, BAND_LABEL, BAND_TEXT, scoreBand } from '@/lib/score-scale';

/** A consistency score 0–100: the number in its band's colour and a small bar, readable without colour (the number, the title). */
export function ScoreBar({ score, className }: { score: number; className?: string }) {
  const band = scoreBand(score);
  return (
    <span className={cn('inline-flex items-center gap-2', className)} title={`Consistency ${score}/100: ${BAND_LABEL[band]}. ${DEFINITIONS.score}`} data-band={band}>
      <span className={cn('w-7 text-right font-medium tabular-nums', BAND_TEXT[band])}>{score}</span>
      <span aria-hidden className="h-1.5 w-12 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <span className="block h-full rounded-full" style={{ width: `${score}%`, backgroundColor: BAND_COLOR[band] }} />
      </span>
    </span>
  );
}
