'use client';

import { ToggleGroup } from 'radix-ui';
import { useMemo, type ReactNode } from 'react';
import { Panel } from '@/components/ui/Panel';
import { useUrlState } from '@/hooks/useUrlState';
import type { FactObservation, SessionTurn } from '@/lib/schemas/sessions';
import { changedRows, factLedger } from '@/lib/sessions/ledger';
import { LedgerScroller } from './LedgerScroller';
import { KeysByTurns, TurnsByKeys } from './LedgerTables';

const toggleItem =
  'h-7 px-2.5 text-xs font-medium text-zinc-600 outline-none first:rounded-l-md last:rounded-r-md focus-visible:ring-2 focus-visible:ring-indigo-500/40 data-[state=on]:bg-zinc-100 data-[state=on]:text-zinc-900 dark:text-zinc-300 dark:data-[state=on]:bg-zinc-800 dark:data-[state=on]:text-zinc-100';
/** Past this many snapshots the ledger opens transposed (a row per snapshot), unless the URL says otherwise. */
export const TRANSPOSE_AFTER = 16;

function Legend() {
  const swatch = 'inline-block h-3 w-3 rounded-sm';
  return (
    <p className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-500">
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className={`${swatch} bg-amber-200 dark:bg-amber-800`} /> changed
      </span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className={`${swatch} bg-sky-200 dark:bg-sky-800`} /> declared update (on purpose)
      </span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className={`${swatch} bg-red-200 ring-1 ring-red-400 dark:bg-red-900`} /> contradiction
      </span>
      <span>faded: unchanged · dot: not held by that snapshot</span>
    </p>
  );
}

/**
 * Every fact key × every snapshot of the session, as far as the ledger is
 * loaded (it pages in ledger order; `?facts=changed` keeps the keys that moved),
 * keys as rows or, past a few snapshots or as `?ledger=turns` says, transposed:
 * a row per snapshot, which stays readable at a hundred turns.
 */
export function FactLedger({ facts, turns, pending, more }: { facts: FactObservation[]; turns: SessionTurn[]; pending: boolean; more?: ReactNode }) {
  const { params, set } = useUrlState();
  const onlyChanged = params.get('facts') === 'changed';
  const full = useMemo(() => factLedger(facts, turns), [facts, turns]);
  const ledger = onlyChanged ? changedRows(full) : full;
  const moved = full.rows.filter((r) => r.changes > 0 || r.contradictions > 0).length;
  const asked = params.get('ledger');
  const layout: 'keys' | 'turns' = asked === 'keys' || asked === 'turns' ? asked : ledger.columns.length > TRANSPOSE_AFTER ? 'turns' : 'keys';

  const which = (
    <ToggleGroup.Root
      type="single"
      value={onlyChanged ? 'changed' : 'all'}
      onValueChange={(v) => v && set({ facts: v === 'changed' ? 'changed' : undefined })}
      aria-label="Which facts"
      className="inline-flex rounded-md border border-zinc-200 dark:border-zinc-700"
    >
      <ToggleGroup.Item value="all" className={toggleItem}>
        All keys ({full.rows.length})
      </ToggleGroup.Item>
      <ToggleGroup.Item value="changed" className={toggleItem}>
        Changed ({moved})
      </ToggleGroup.Item>
    </ToggleGroup.Root>
  );

  const actions = (
    <div className="flex flex-wrap items-center gap-2">
      <ToggleGroup.Root
        type="single"
        value={layout}
        onValueChange={(v) => v && set({ ledger: v })}
        aria-label="Ledger layout"
        className="inline-flex rounded-md border border-zinc-200 dark:border-zinc-700"
      >
        <ToggleGroup.Item value="keys" className={toggleItem} title="A row per fact key, a column per snapshot">
          Keys × turns
        </ToggleGroup.Item>
        <ToggleGroup.Item value="turns" className={toggleItem} title="A row per snapshot, a column per fact key">
          Turns × keys
        </ToggleGroup.Item>
      </ToggleGroup.Root>
      {which}
    </div>
  );

  return (
    <Panel title="Fact ledger" actions={full.rows.length > 0 ? actions : undefined}>
      {pending ? (
        <p className="py-6 text-center text-sm text-zinc-500">The fact ledger is built when Baton analyses the session.</p>
      ) : full.rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-500">No snapshot of this session recorded facts (baton.snapshot.facts).</p>
      ) : ledger.rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-500">No fact changed value in this session.</p>
      ) : (
        <>
          <Legend />
          <LedgerScroller what={layout === 'turns' ? 'keys' : 'snapshots'} label={`Fact ledger, ${layout === 'turns' ? 'a row per snapshot' : 'a row per key'}: scrolls both ways`}>
            {layout === 'turns' ? <TurnsByKeys ledger={ledger} /> : <KeysByTurns ledger={ledger} />}
          </LedgerScroller>
        </>
      )}
      {more}
    </Panel>
  );
}
