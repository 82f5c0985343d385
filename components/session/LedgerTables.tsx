'use client';

import Link from 'next/link';
import { useTraceHref } from '@/components/share/share-context';
import type { Ledger, LedgerColumn } from '@/lib/sessions/ledger';
import { LedgerCell } from './LedgerCell';

/** The two layouts of the fact ledger: keys as rows (a column per snapshot), or transposed (a row per snapshot, a column per key). */

const clock = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const stickyCorner =
  'sticky left-0 top-0 z-20 border-b border-r border-zinc-200 bg-white px-2 py-1.5 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900';
const headCell = 'sticky top-0 z-10 border-b border-zinc-200 bg-white px-1 py-1 text-left align-bottom text-[11px] font-normal text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900';
const stickyRowHead = 'sticky left-0 z-[5] border-r border-zinc-100 bg-white px-2 py-0.5 text-left dark:border-zinc-800 dark:bg-zinc-900';

/** A snapshot: its turn (or trace), agent, phase and time, linking to its span. */
function SnapshotLabel({ c, inline }: { c: LedgerColumn; inline?: boolean }) {
  const traceHref = useTraceHref();
  return (
    <Link href={traceHref(c.traceId, `span=${c.spanId}`)} className="block whitespace-nowrap text-[11px] font-normal text-zinc-500 hover:text-indigo-600 dark:hover:text-indigo-400" title={`${c.time}\nOpen the span of this snapshot`}>
      <span className="font-medium text-zinc-700 dark:text-zinc-300">{c.turn ? `T${c.turn}` : `trace ${c.traceId.slice(0, 8)}`}</span> · {c.agent}
      <span className={inline ? undefined : 'block'}>
        {inline ? ' · ' : ''}
        {c.phase} · {clock(c.time)}
      </span>
    </Link>
  );
}

/** Keys down the side (sticky), snapshots across the top (sticky). */
export function KeysByTurns({ ledger }: { ledger: Ledger }) {
  return (
    <table className="border-separate border-spacing-0 text-sm" aria-label="Fact ledger" data-layout="keys">
      <thead>
        <tr>
          <th className={stickyCorner} data-ledger-sticky>
            Fact
          </th>
          {ledger.columns.map((c) => (
            <th key={c.id} className={headCell} data-ledger-col>
              <SnapshotLabel c={c} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ledger.rows.map((r) => (
          <tr key={r.key} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
            <th scope="row" className={`${stickyRowHead} max-w-56 font-mono text-xs font-medium`}>
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
  );
}

/** Transposed: a row per snapshot (sticky on the left), a column per key (sticky on top); reads down at any number of turns. */
export function TurnsByKeys({ ledger }: { ledger: Ledger }) {
  return (
    <table className="border-separate border-spacing-0 text-sm" aria-label="Fact ledger" data-layout="turns">
      <thead>
        <tr>
          <th className={stickyCorner} data-ledger-sticky>
            Snapshot
          </th>
          {ledger.rows.map((r) => (
            <th key={r.key} className={`${headCell} max-w-40 font-mono font-medium text-zinc-700 dark:text-zinc-300`} data-ledger-col>
              <span className="block truncate" title={r.key}>
                {r.key}
              </span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ledger.columns.map((c, i) => (
          <tr key={c.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
            <th scope="row" className={stickyRowHead}>
              <SnapshotLabel c={c} inline />
            </th>
            {ledger.rows.map((r) => (
              <LedgerCell key={r.key} cell={r.cells[i] ?? null} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
