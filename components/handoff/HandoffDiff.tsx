import { useMemo } from 'react';
import { cn } from '@/lib/cn';
import { diffRows } from '@/lib/handoff-diff';
import type { HandoffDetail, HandoffSide } from '@/lib/schemas/handoffs';
import { ContractFlags } from './ContractFlags';
import { FactDiffTable } from './FactDiffTable';
import { HandoffFigures } from './HandoffFigures';
import { SideCard } from './SideCard';
import { TextSideBySide } from './TextSideBySide';

function Constraints({ sender, receiver, dropped }: { sender: HandoffSide | null; receiver: HandoffSide | null; dropped: string[] }) {
  const sent = sender?.constraints ?? [];
  const held = receiver?.constraints ?? [];
  if (sent.length === 0 && held.length === 0) return null;
  const lost = new Set(dropped);
  const list = (label: string, items: { id?: string; text: string }[], markLost: boolean) => (
    <div>
      <p className="mb-1 text-xs uppercase tracking-wide text-zinc-500">{label}</p>
      <ul aria-label={`${label}’s constraints`} className="space-y-1">
        {items.length === 0 && <li className="text-sm italic text-zinc-400">none</li>}
        {items.map((c, i) => {
          const gone = markLost && lost.has(c.id ?? c.text);
          return (
            <li key={`${c.id ?? ''}-${i}`} className={cn('rounded px-2 py-1 text-sm', gone ? 'bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300' : 'bg-zinc-50 dark:bg-zinc-950')}>
              {c.id && <span className="mr-1.5 font-mono text-xs text-zinc-500">{c.id}</span>}
              <span className="whitespace-pre-wrap break-words">{c.text}</span>
              {gone && <span className="ml-1.5 text-[11px] font-medium">dropped</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
  return (
    <section aria-label="Constraints" className="space-y-1">
      <h3 className="text-sm font-medium">Constraints</h3>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        {list('Sender', sent, true)}
        {list('Receiver', held, false)}
      </div>
    </section>
  );
}

/** Text-method findings: lines and values of the sender's given text that the receiver's lacks. */
function TextFindings({ dropped }: { dropped: string[] }) {
  if (dropped.length === 0) return null;
  return (
    <section aria-label="Missing at the receiver" className="space-y-1">
      <h3 className="text-sm font-medium">In the sender’s context, not in the receiver’s</h3>
      <ul className="flex flex-wrap gap-1.5">
        {dropped.map((d) => (
          <li key={d} data-status="dropped" className="rounded bg-red-50 px-1.5 py-px font-mono text-xs text-red-800 ring-1 ring-red-200 dark:bg-red-950/40 dark:text-red-300 dark:ring-red-900">
            {d}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A handoff's side-by-side diff: the two sides, what broke the contract,
 * then the facts (snapshot and digest methods) or the two given texts
 * (text method).
 */
export function HandoffDiff({ detail, linkTarget }: { detail: HandoffDetail; linkTarget?: '_blank' }) {
  const { handoff, sender, receiver } = detail;
  const d = handoff.drift;
  const rows = useMemo(() => diffRows(detail), [detail]);
  const pending = handoff.status === 'pending';
  return (
    <div className="space-y-4">
      <HandoffFigures handoff={handoff} />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <SideCard title="Sender" side={sender} fallbackAgent={handoff.fromAgent} linkTarget={linkTarget} />
        <SideCard title="Receiver" side={receiver} fallbackAgent={handoff.toAgent} linkTarget={linkTarget} />
      </div>
      {pending && (
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          Only one side of this handoff has arrived. The drift is computed when the other side’s span or snapshot comes in.
        </p>
      )}
      <ContractFlags drift={d} />
      {d.method === 'text' ? (
        <>
          <p className="text-sm text-zinc-500">
            No context snapshots on this handoff: Baton compared what each agent was given (system instructions and input messages) as text.
          </p>
          <TextFindings dropped={d.dropped} />
          <TextSideBySide title="What each agent was given" from={sender?.text ?? null} to={receiver?.text ?? null} />
        </>
      ) : (
        <>
          {d.method === 'digest' && (
            <p className="text-sm text-zinc-500">Privacy mode: the agents recorded digests, so only fact keys are compared and shown, never values.</p>
          )}
          {!pending && (
            <div className="relative overflow-x-auto">
              <FactDiffTable rows={rows} keysOnly={d.method === 'digest'} />
            </div>
          )}
          <Constraints sender={sender} receiver={receiver} dropped={d.constraintsDropped} />
          <TextSideBySide title="Snapshot texts" from={sender?.text ?? null} to={receiver?.text ?? null} />
        </>
      )}
    </div>
  );
}
