'use client';

import { useSyncExternalStore } from 'react';

/**
 * Whether the page is dark right now: the `dark` class the theme script and
 * the theme toggle put on <html>. For libraries that take a colour mode
 * instead of following CSS variants (React Flow).
 */
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

export function useIsDark(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}
