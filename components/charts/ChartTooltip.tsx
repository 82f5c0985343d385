'use client';

import { bucketLabel, formatCount, formatValue, volumeKey, type MetricInfo } from '@/lib/charts/prepare';

interface Entry {
  dataKey?: unknown;
  name?: unknown;
  value?: unknown;
  color?: string;
  payload?: Record<string, unknown>;
}

/** The tooltip of a time-series chart: the bucket and each series' value (a ratio with its volume: "33% of 3 complete handoffs"), in the page's theme. */
export function ChartTooltip({ active, payload, label, step, info }: { active?: boolean; payload?: readonly Entry[]; label?: unknown; step: number; info: MetricInfo }) {
  if (!active || !payload?.length || typeof label !== 'number') return null;
  const entries = payload.filter((e) => typeof e.value === 'number' && !String(e.dataKey).endsWith('#n'));
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium text-zinc-700 dark:text-zinc-200">{bucketLabel(label, step)}</p>
      {entries.length === 0 && <p className="text-zinc-500">no data</p>}
      {entries.map((e) => {
        const n = e.payload?.[volumeKey(String(e.dataKey))];
        return (
          <p key={String(e.dataKey)} className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
            <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: e.color }} />
            <span className="max-w-48 truncate">{String(e.name)}</span>
            <span className="ml-auto pl-3 font-medium tabular-nums">
              {formatValue(e.value as number, info.unit)}
              {typeof n === 'number' && info.volume && <span className="font-normal text-zinc-500"> of {formatCount(n)} {info.volume}</span>}
            </span>
          </p>
        );
      })}
    </div>
  );
}
