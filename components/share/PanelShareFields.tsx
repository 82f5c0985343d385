'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/styles';
import type { Me } from '@/lib/schemas/access';
import type { GroupBy, Metric } from '@/lib/schemas/metrics';
import { liveLabel, panelTarget } from '@/lib/share/panel';
import { rangeLabel, resolveRange, type TimeRange } from '@/lib/time-range';

/** A chart as the page shows it: what a panel's share link is made from. */
export interface PanelSource {
  metric: Metric;
  groupBy?: GroupBy;
  step: number;
  range: TimeRange;
}

export interface PanelChoice {
  mode: 'frozen' | 'live';
  project: string;
}

/** Seconds of a range that ends now ("last 24 hours"), which a live panel can follow; undefined for any other. */
function liveSeconds(range: TimeRange, nowMs: number): number | undefined {
  if (range.to !== 'now') return undefined;
  const r = resolveRange(range, nowMs);
  return r ? Math.round((r.toMs - r.fromMs) / 1000) : undefined;
}

/** The link's target for this chart: the range frozen now, or its rolling window. */
export function panelTargetOf(source: PanelSource, choice: PanelChoice, nowMs = Date.now()): string {
  const seconds = liveSeconds(source.range, nowMs);
  const resolved = resolveRange(source.range, nowMs);
  const range = choice.mode === 'live' && seconds !== undefined ? { kind: 'live' as const, seconds } : { kind: 'frozen' as const, fromMs: resolved?.fromMs ?? nowMs - 86_400_000, toMs: resolved?.toMs ?? nowMs };
  return panelTarget({ metric: source.metric, groupBy: source.groupBy, step: source.step, range });
}

/** The projects a person may share a panel of, when there is a choice to make; undefined: any (Baton works it out, or asks). */
function shareableProjects(me: Me): string[] | undefined {
  if (me.access === 'open' || me.memberships.some((m) => m.project === '*')) return undefined;
  return me.memberships.filter((m) => m.role !== 'viewer').map((m) => m.project);
}

/** A panel link's own choices: frozen at the page's range or live over its window, and which project it shows. */
export function PanelShareFields({ source, me, choice, onChange }: { source: PanelSource; me: Me; choice: PanelChoice; onChange: (c: PanelChoice) => void }) {
  const [now] = useState(() => Date.now());
  const seconds = liveSeconds(source.range, now);
  const projects = shareableProjects(me);
  return (
    <>
      <label className="block">
        <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-400">Range</span>
        <select className={`${inputClass} w-full`} value={choice.mode} onChange={(e) => onChange({ ...choice, mode: e.target.value as PanelChoice['mode'] })}>
          <option value="frozen">Frozen: {rangeLabel(source.range, now)}, as it is now</option>
          {seconds !== undefined && <option value="live">Live: always the last {liveLabel(seconds)}</option>}
        </select>
      </label>
      {projects && projects.length <= 1 ? null : (
        <label className="block">
          <span className="mb-1 block text-xs text-zinc-600 dark:text-zinc-400">Project (a panel shows one)</span>
          {projects ? (
            <select className={`${inputClass} w-full`} value={choice.project} onChange={(e) => onChange({ ...choice, project: e.target.value })}>
              <option value="">Choose…</option>
              {projects.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : (
            <input className={`${inputClass} w-full`} placeholder="Needed only if several hold traces" value={choice.project} onChange={(e) => onChange({ ...choice, project: e.target.value })} />
          )}
        </label>
      )}
    </>
  );
}
