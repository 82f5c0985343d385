'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { Panel } from '@/components/ui/Panel';
import { DEFINITIONS } from '@/lib/definitions';
import { withRange, type RangeParams } from '@/lib/links';
import type { Stats } from '@/lib/schemas/stats';
import { BAND_COLOR, BAND_LABEL, SCORE_BANDS, scoreBand } from '@/lib/score-scale';

const TICK = { fill: '#71717a', fontSize: 11 };

/** A bin in its band's colour (lib/score-scale.ts): the same reading as the score next to a session. */
const binColor = (min: number) => BAND_COLOR[scoreBand(min)];

/** The bands, worst first, as the axis reads. */
const BANDS = [...SCORE_BANDS].reverse().map((b) => ({ ...b, label: `${b.min}–${b.max} ${BAND_LABEL[b.band]}` }));

const bandCount = (s: Stats, band: { min: number; max: number }) => s.scoreHistogram.filter((b) => b.min >= band.min && b.max <= band.max).reduce((n, b) => n + b.sessions, 0);

interface Row {
  label: string;
  min: number;
  max: number;
  sessions: number;
}

function BinTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Row }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium">Score {row.label}</p>
      <p className="text-zinc-600 dark:text-zinc-300">
        {row.sessions} session{row.sessions === 1 ? '' : 's'} · click to list them
      </p>
    </div>
  );
}

/** How consistent the range's sessions stayed: a histogram of session scores; a bar opens those sessions. */
export function ScoreHistogram({ stats, range }: { stats: Stats; range: RangeParams }) {
  const router = useRouter();
  const rows: Row[] = stats.scoreHistogram.map((b) => ({ ...b, label: `${b.min}–${b.max}` }));
  const open = (row: Row) => router.push(withRange('/sessions', range, { minScore: row.min, maxScore: row.max }));
  return (
    <Panel
      title="Consistency score distribution"
      href={withRange('/sessions', range)}
      prefetch={false}
      actions={
        <span className="text-xs text-zinc-500" title={DEFINITIONS.score}>
          {stats.meanScore === null ? 'no sessions' : `mean ${Math.round(stats.meanScore)}`}
        </span>
      }
    >
      {stats.sessions === 0 ? (
        <div className="flex h-[170px] items-center justify-center rounded-md border border-dashed border-zinc-200 text-sm text-zinc-500 dark:border-zinc-800">No sessions in this time range</div>
      ) : (
        <figure aria-label="Sessions by consistency score" className="text-zinc-500 dark:text-zinc-400">
          <BarChart data={rows} responsive style={{ width: '100%', height: 170, cursor: 'pointer' }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="label" tick={TICK} tickLine={false} axisLine={false} interval={0} />
            <YAxis tick={TICK} tickLine={false} axisLine={false} width={44} allowDecimals={false} />
            <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={<BinTooltip />} isAnimationActive={false} />
            <Bar dataKey="sessions" name="Sessions" isAnimationActive={false} onClick={(entry) => open(entry.payload as Row)}>
              {rows.map((r) => (
                <Cell key={r.min} fill={binColor(r.min)} />
              ))}
            </Bar>
          </BarChart>
          <figcaption className="mt-2 flex flex-wrap items-center gap-2 text-xs">
            <span className="text-zinc-500">List sessions scoring</span>
            {BANDS.map((b) => (
              <Link
                key={b.band}
                title={`Sessions scoring ${b.min}–${b.max}: ${BAND_LABEL[b.band]}`}
                href={withRange('/sessions', range, { minScore: b.min, maxScore: b.max })}
                prefetch={false}
                className="inline-flex items-center gap-1.5 rounded-md border border-zinc-200 px-2 py-1 text-zinc-700 hover:border-indigo-300 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:border-indigo-700 dark:hover:bg-zinc-800"
              >
                <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ background: binColor(b.min) }} />
                {b.label}
                <span className="font-medium tabular-nums">{bandCount(stats, b)}</span>
              </Link>
            ))}
          </figcaption>
        </figure>
      )}
    </Panel>
  );
}
