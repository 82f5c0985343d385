import { formatTime } from '@/lib/format';
import type { HandoffSide } from '@/lib/schemas/handoffs';

/** One side of a handoff: who, where (a link to the span), when, how full its context was. */
export function SideCard({ title, side, fallbackAgent, linkTarget }: { title: string; side: HandoffSide | null; fallbackAgent: string; linkTarget?: '_blank' }) {
  if (!side) {
    return (
      <div className="rounded-md border border-dashed border-zinc-300 p-2.5 text-sm dark:border-zinc-700">
        <p className="text-xs uppercase tracking-wide text-zinc-500">{title}</p>
        <p className="font-semibold">{fallbackAgent || 'unknown agent'}</p>
        <p className="text-xs text-zinc-500">Nothing recorded on this side yet.</p>
      </div>
    );
  }
  const usage = side.tokens !== null ? `${side.tokens.toLocaleString('en-US')}${side.tokenLimit ? ` / ${side.tokenLimit.toLocaleString('en-US')}` : ''} tokens` : null;
  return (
    <div className="rounded-md border border-zinc-200 p-2.5 text-sm dark:border-zinc-800">
      <p className="text-xs uppercase tracking-wide text-zinc-500">{title}</p>
      <p className="truncate font-semibold" title={side.agent}>
        {side.agent || fallbackAgent || 'unknown agent'}
      </p>
      <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-zinc-500">
        {side.phase && <span>snapshot: {side.phase}</span>}
        {side.time && <span title={side.time}>{formatTime(side.time)}</span>}
        {usage && <span>{usage}</span>}
        {side.truncated && <span className="font-medium text-amber-700 dark:text-amber-400">truncated</span>}
      </p>
      {side.spanId && side.traceId && (
        <a
          href={`/traces/${side.traceId}?span=${side.spanId}`}
          target={linkTarget}
          rel={linkTarget ? 'noopener' : undefined}
          className="mt-1 inline-block font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
        >
          span {side.spanId}
        </a>
      )}
    </div>
  );
}
