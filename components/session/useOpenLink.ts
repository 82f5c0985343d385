'use client';

import { useRouter } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Where a click on a chart goes: within Baton on its pages; in a new tab from
 * an embed, so the host page (a wiki, a postmortem) stays where it is.
 */
export function useOpenLink(newTab = false): (href: string) => void {
  const router = useRouter();
  return useCallback(
    (href: string) => {
      if (newTab) window.open(href, '_blank', 'noopener');
      else router.push(href);
    },
    [newTab, router],
  );
}
