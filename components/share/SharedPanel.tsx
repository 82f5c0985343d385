'use client';

import { useEffect, useState } from 'react';
import { MetricFigure } from '@/components/embed/MetricFigure';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { useShared } from '@/hooks/useShared';
import { METRIC_INFO } from '@/lib/charts/prepare';
import { withRange } from '@/lib/links';
import { liveFrom, liveLabel, panelWindow, parsePanelTarget } from '@/lib/share/panel';
import { formatMinute } from '@/lib/time-range';

/** How often a live panel's window moves forward. */
const LIVE_TICK_MS = 30_000;

/**
 * A metric panel behind a share link (`/s/{token}` or `/embed/metrics?token=`):
 * a frozen panel shows the series kept when the link was made; a live one
 * follows the clock over its rolling window. `target` is the link's panel; the
 * embed, which has only the token, asks `/api/v1/shared` for it.
 */
export function SharedPanel({ target, height }: { target?: string; height?: number | 'fill' }) {
  return target !== undefined ? <PanelOf target={target} height={height} /> : <PanelOfLink height={height} />;
}

/** The embed's panel: the link its token opens says which. */
function PanelOfLink({ height }: { height?: number | 'fill' }) {
  const shared = useShared();
  if (shared.isPending) return <Loading label="Loading the chart…" />;
  if (shared.isError) return <ErrorState title="This link does not work" error={new Error('It has expired, was revoked, or is not a Baton share link. Ask whoever sent it for a new one.')} />;
  if (shared.data.link.resource !== 'panel') return <ErrorState title="Not a panel’s link" error={new Error(`This link shows a ${shared.data.link.resource}: embed it with its own panel.`)} />;
  return <PanelOf target={shared.data.link.target} height={height} />;
}

function PanelOf({ target, height }: { target: string; height?: number | 'fill' }) {
  const parsed = parsePanelTarget(target);
  const live = parsed.ok && parsed.spec.range.kind === 'live';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const id = setInterval(() => setNow(Date.now()), LIVE_TICK_MS);
    return () => clearInterval(id);
  }, [live]);
  if (!parsed.ok) return <ErrorState title="This panel cannot be shown" error={new Error(parsed.message)} />;
  const { spec } = parsed;
  const { fromMs, toMs } = panelWindow(spec, now);
  const rangeText =
    spec.range.kind === 'live' ? `live: the last ${liveLabel(spec.range.seconds)}` : `frozen: ${formatMinute(fromMs)} → ${formatMinute(toMs)}`;
  const openHref = withRange(METRIC_INFO[spec.metric].list, spec.range.kind === 'live' ? { from: liveFrom(spec.range.seconds), to: 'now' } : { from: String(fromMs), to: String(toMs) });
  return <MetricFigure metric={spec.metric} groupBy={spec.groupBy} step={spec.step} fromMs={fromMs} toMs={toMs} rangeText={rangeText} openHref={openHref} height={height} />;
}
