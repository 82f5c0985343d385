'use client';

import { createContext, useCallback, useContext, type ReactNode } from 'react';

/**
 * Inside a share link's page (`/s/{token}`), links to a trace of the shared
 * session stay within the link (`/s/{token}?trace=…`), and links out to the
 * rest of Baton are not shown. Everywhere else, links go to the app's pages.
 */

const ShareContext = createContext<string | null>(null);

export function ShareLinkScope({ base, children }: { base: string; children: ReactNode }) {
  return <ShareContext.Provider value={base}>{children}</ShareContext.Provider>;
}

/** The share page's own path when inside one; null in the app. */
export const useShareBase = () => useContext(ShareContext);

/** `(traceId, query?)` → the trace's page, or its view within the share link. */
export function useTraceHref(): (traceId: string, query?: string) => string {
  const base = useShareBase();
  return useCallback(
    (traceId: string, query?: string) => (base ? `${base}?trace=${encodeURIComponent(traceId)}${query ? `&${query}` : ''}` : `/traces/${traceId}${query ? `?${query}` : ''}`),
    [base],
  );
}
