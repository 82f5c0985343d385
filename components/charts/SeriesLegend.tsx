import { seriesColors } from '@/lib/charts/prepare';

/** The keys of a grouped chart with their colours, as text (names are telemetry: never markup). */
export function SeriesLegend({ keys }: { keys: string[] }) {
  if (keys.length < 2) return null;
  const colors = seriesColors(keys);
  return (
    <ul aria-label="Series" className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {keys.map((k) => (
        <li key={k} className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: colors.get(k) }} />
          <span className="max-w-56 truncate">{k}</span>
        </li>
      ))}
    </ul>
  );
}
