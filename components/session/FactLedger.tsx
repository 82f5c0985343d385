'use client';

import Link from 'next/link';
import { ToggleGroup } from 'radix-ui';
import { useMemo, type ReactNode } from 'react';
import { Panel } from '@/components/ui/Panel';
import { useUrlState } from '@/hooks/useUrlState';
import type { FactObservation, SessionTurn } from '@/lib/schemas/sessions';
import { changedRows, factLedger } from '@/lib/sessions/ledger';
import { LedgerCell } from './LedgerCell';
import { useTraceHref } from '@/components/share/share-context';

const toggleItem =
  'h-7 px-2.5 text-xs font-medium text-zinc-600 outline-none first:rounded-l-md last:rounded-r-md focus-visible:ring-2 focus-visible:ring-indigo-500/40 data-[state=on]:bg-zinc-100 data-[state=on]:text-zinc-900 dark:text-zinc-300 dark:data-[state=on]:bg-zinc-800 dark:data-[state=on]:text-zinc-100';
const clock = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });

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
 * loaded (it pages in ledger order; `?facts=changed` keeps the keys that moved).
 */
export function FactLedger({ facts, turns, pending, more }: { facts: FactObservation[]; turns: SessionTurn[]; pending: boolean; more?: ReactNode }) {
  const traceHref = useTraceHref();
  const { params, set } = useUrlState();
  const onlyChanged = params.get('facts') === 'changed';
  const full = useMemo(() => factLedger(facts, turns), [facts, turns]);
  const ledger = onlyChanged ? changedRows(full) : full;
  const moved = full.rows.filter((r) => r.changes > 0 || r.contradictions > 0).length;

  const actions = (
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
          <div className="relative max-h-[32rem] overflow-auto rounded border border-zinc-100 dark:border-zinc-800">
            <table className="border-separate border-spacing-0 text-sm" aria-label="Fact ledger">
              <thead className="sticky top-0 z-10 bg-white dark:bg-zinc-900">
                <tr>
                  <th className="sticky left-0 z-20 border-b border-zinc-200 bg-white px-2 py-1.5 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900">
                    Fact
                  </th>
                  {ledger.columns.map((c) => (
                    <th key={c.id} className="border-b border-zinc-200 px-1 py-1 text-left align-bottom text-[11px] font-normal text-zinc-500 dark:border-zinc-800">
                      <Link href={traceHref(c.traceId, `span=${c.spanId}`)} className="block whitespace-nowrap hover:text-indigo-600 dark:hover:text-indigo-400" title={`${c.time}\nOpen the span of this snapshot`}>
                        <span className="font-medium text-zinc-700 dark:text-zinc-300">{c.turn ? `T${c.turn}` : `trace ${c.traceId.slice(0, 8)}`}</span> · {c.agent}
                        <span className="block">
                          {c.phase} · {clock(c.time)}
                        </span>
                      </Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {ledger.rows.map((r) => (
                  <tr key={r.key} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <th scope="row" className="sticky left-0 z-[1] max-w-56 border-r border-zinc-100 bg-white px-2 py-0.5 text-left font-mono text-xs font-medium dark:border-zinc-800 dark:bg-zinc-900">
                      <span className="block truncate" title={r.key}>
                        {r.key}
                      </span>
                    </th>
                    {r.cells.map((cell, i) => (
                      <LedgerCell key={ledger.columns[i]!.id} cell={cell} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {more}
    </Panel>
  );
}
