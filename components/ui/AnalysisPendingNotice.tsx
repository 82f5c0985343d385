/** Says that the analyzer has not folded what is on screen into its results yet, and what is missing until it has. */
export function AnalysisPendingNotice({ what }: { what: string }) {
  return (
    <p role="status" className="rounded bg-sky-50 px-3 py-1.5 text-sm text-sky-900 dark:bg-sky-950/40 dark:text-sky-200">
      Baton has not analysed {what} yet: its turns are shown as stored, and the score, retention, fact ledger and contradictions appear once the analysis has
      run. This page refreshes by itself.
    </p>
  );
}
