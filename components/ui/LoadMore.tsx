import { buttonClass } from './styles';

/** The part of a paged (infinite) query that "Load more" needs. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: Error | null;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * Under a paged list: how much of it is shown, and a button for the next
 * page (its loading and error states included). Nothing when all is shown.
 */
export function LoadMore({ query, shown, total, what }: { query: PagedQuery; shown: number; total?: number; what: string }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3 text-xs text-zinc-500">
      <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className={buttonClass} aria-label={`Load more ${what}`}>
        {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </button>
      <span>
        {shown.toLocaleString('en-US')}
        {total !== undefined && ` of ${total.toLocaleString('en-US')}`} {what} shown
      </span>
      {query.isFetchNextPageError && (
        <span role="alert" className="text-red-700 dark:text-red-400">
          Could not load more: {query.error?.message ?? 'unknown error'}
        </span>
      )}
    </div>
  );
}
