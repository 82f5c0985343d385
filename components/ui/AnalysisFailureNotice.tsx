import type { AnalysisFailure } from '@/lib/schemas/analysis';
import { formatTime } from '@/lib/format';

/** Says that (and why) the analysis of what is on screen is missing or stale, and when it is tried again. */
export function AnalysisFailureNotice({ failure, what }: { failure: NonNullable<AnalysisFailure>; what: string }) {
  const retry = failure.nextAttempt ? ` Baton tries again at ${formatTime(failure.nextAttempt)} (attempt ${failure.attempts + 1}).` : '';
  return (
    <p role="status" className="rounded bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
      The analysis of {what} failed: <span className="font-mono text-xs">{failure.reason}</span>. Handoffs and consistency figures may be missing or out of date.
      {retry}
    </p>
  );
}
