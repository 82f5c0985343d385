import type { Handoff } from '@/lib/schemas/handoffs';
import { HandoffRow } from './HandoffRow';

const th = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500';

/** Handoffs, newest first. */
export function HandoffTable({ handoffs, now }: { handoffs: Handoff[]; now: number }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label="Handoffs" className="w-full text-sm">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th className={th}>Time</th>
            <th className={th}>From → to</th>
            <th className={th}>Source</th>
            <th className={th}>Status</th>
            <th className={th}>Severity</th>
            <th className={`${th} text-right`}>Fidelity</th>
            <th className={`${th} text-right`} title="Facts the sender held that the receiver does not">
              Dropped
            </th>
            <th className={`${th} text-right`} title="Facts that arrived with another value">
              Changed
            </th>
            <th className={`${th} text-right`} title="Facts the receiver holds that nothing earlier in the session grounds">
              Added
            </th>
            <th className={`${th} text-right`} title="Contract entries missing or violated, forbidden keys crossed, constraints dropped">
              Broken
            </th>
            <th className={th}>Session</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {handoffs.map((h) => (
            <HandoffRow key={h.id} h={h} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
