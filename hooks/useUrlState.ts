'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * View state lives in the URL (README.md, "How it fits together"): filters, selection, time range.
 * `set` merges a patch into the current query string (undefined or '' removes
 * a key) and replaces the history entry, so Back leaves the page instead of
 * undoing every keystroke; `push: true` adds an entry (opening a detail).
 */
export function useUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (patch: Record<string, string | number | undefined | null>, options: { push?: boolean } = {}) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      const qs = next.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (options.push) router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [params, pathname, router],
  );
  return { params, set, pathname };
}
