'use client';

import { useState, type FocusEvent, type PointerEvent } from 'react';
import { heldView, type Hold } from '@/lib/held-list';

export type LiveMode = 'live' | 'paused' | 'frozen';

export interface HeldList<T> {
  /** The rows to show: held while paused, else the fresh ones. */
  rows: T[];
  /** Fresh rows waiting behind the hold ("N new — show"). */
  waiting: number;
  mode: LiveMode;
  /** When the rows shown were fetched. */
  shownAt: number;
  /** Shows the fresh rows (and holds those). */
  showNew: () => void;
  /** For the element the hold covers: the table and its banner. */
  holdProps: {
    onPointerEnter: () => void;
    onPointerLeave: (e: PointerEvent<HTMLElement>) => void;
    onFocus: (e: FocusEvent<HTMLElement>) => void;
    onBlur: (e: FocusEvent<HTMLElement>) => void;
  };
}

/** Focus the keyboard moved (`:focus-visible`): a reader tabbing through the rows. */
const keyboardFocus = (el: Element) => el.matches(':focus-visible');
const keyboardFocusWithin = (box: HTMLElement) => {
  const active = document.activeElement;
  return active !== null && box.contains(active) && keyboardFocus(active);
};

/**
 * A refreshing list that holds still while the reader is on it: from the
 * moment the pointer enters the table or the keyboard moves focus into it,
 * the rows shown stay as they were (no reordering, no row changing under the
 * cursor) and the refreshes' new rows are only counted; leaving, or
 * `showNew`, shows the fresh list. `key` names the query (range, filters,
 * sort): a hold never outlives it. A frozen range (`live` false) does not
 * refresh, so nothing is held.
 */
export function useHeldList<T>(fresh: T[], options: { key: string; keyOf: (row: T) => string; live: boolean; updatedAt: number; settled: boolean }): HeldList<T> {
  const { key, keyOf, live, updatedAt, settled } = options;
  const [pointer, setPointer] = useState(false);
  const [focus, setFocus] = useState(false);
  const [hold, setHold] = useState<Hold<T> | null>(null);
  const paused = live && (pointer || focus);
  const now: Hold<T> = { key, rows: fresh, at: updatedAt };

  // Held from the moment the reader arrives until they leave; held again once another list (a new sort or filter) has loaded.
  // (State adjusted while rendering, as React documents for state that follows props: no effect, no extra paint.)
  if (!paused && hold) setHold(null);
  else if (paused && settled && (!hold || hold.key !== key)) setHold(now);

  const view = heldView(paused ? hold : null, fresh, key, keyOf);
  return {
    rows: view.rows,
    waiting: view.waiting,
    mode: !live ? 'frozen' : paused ? 'paused' : 'live',
    shownAt: view.held && hold ? hold.at : updatedAt,
    showNew: () => setHold(now),
    holdProps: {
      onPointerEnter: () => setPointer(true),
      // A focus the keyboard did not put there (a clicked button, a removed banner) does not outlast the pointer.
      onPointerLeave: (e) => {
        setPointer(false);
        setFocus(keyboardFocusWithin(e.currentTarget));
      },
      onFocus: (e) => setFocus(keyboardFocus(e.target)),
      onBlur: (e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus(false);
      },
    },
  };
}
