import Link from 'next/link';
import { formatDuration, formatTime } from '@/lib/format';
import type { TraceDetail } from '@/lib/schemas/api';
import type { Waterfall } from '@/lib/trace-tree';

/** Trace identity and its headline numbers. */
export function TraceHeader({ trace, waterfall }: { trace: TraceDetail; waterfall: Waterfall }) {
  const root = waterfall.rows[0]?.span;
  const errors = trace.spans.filter((s) => s.status.code === 'error').length;
  const agents = [...new Set(trace.spans.map((s) => s.agent).filter(Boolean))].sort();
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <p className="text-xs text-zinc-500">
          <Link href="/traces" className="hover:underline">
            Traces
          </Link>{' '}
          / <span className="font-mono">{trace.traceId}</span>
        </p>
        <h1 className="truncate text-lg font-semibold">{root?.name || 'Trace'}</h1>
      </div>
      <dl className="flex flex-wrap gap-5 text-sm">
        {[
          ['Started', root ? formatTime(root.startTime) : '–'],
          ['Duration', formatDuration(waterfall.durationNs)],
          ['Spans', String(trace.spans.length) + (trace.truncated ? '+' : '')],
          ['Errors', String(errors)],
          ['Agents', agents.join(', ') || '–'],
          ['Session', trace.sessionId || '–'],
        ].map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="max-w-64 truncate tabular-nums" title={value}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
