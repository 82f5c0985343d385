import { METRIC_INFO } from '@/lib/charts/prepare';
import { formatMinute } from '@/lib/time-range';
import type { ShareResource } from './kinds';
import { liveFrom, liveLabel, parsePanelTarget } from './panel';

/** The panel a link's token can embed: a trace's agent chain, a session's consistency, a handoff's diff, a metric's chart (the link says which). */
export function embedPath(resource: ShareResource, target: string): string {
  const id = encodeURIComponent(target);
  if (resource === 'panel') return '/embed/metrics';
  return resource === 'trace' ? `/embed/traces/${id}/chain` : resource === 'session' ? `/embed/sessions/${id}/consistency` : `/embed/handoffs/${id}`;
}

/** What a share link shows, for the links page: a label and where a signed-in person sees it in Baton. Pure. */
export function describeLink(resource: ShareResource, target: string): { label: string; href: string } {
  const id = encodeURIComponent(target);
  switch (resource) {
    case 'trace':
      return { label: `trace ${target.slice(0, 12)}…`, href: `/traces/${id}` };
    case 'session':
      return { label: `session ${target.length > 24 ? `${target.slice(0, 24)}…` : target}`, href: `/sessions/${id}` };
    case 'handoff':
      return { label: `handoff ${target.slice(0, 12)}…`, href: embedPath('handoff', target) };
    case 'panel': {
      const parsed = parsePanelTarget(target);
      if (!parsed.ok) return { label: 'chart (unreadable)', href: '/' };
      const { spec } = parsed;
      const q = new URLSearchParams({ metric: spec.metric, step: String(spec.step) });
      if (spec.groupBy) q.set('groupBy', spec.groupBy);
      const what = `${METRIC_INFO[spec.metric].label}${spec.groupBy ? ` by ${spec.groupBy === 'agent' ? 'agent' : 'agent pair'}` : ''}`;
      if (spec.range.kind === 'live') {
        q.set('from', liveFrom(spec.range.seconds));
        q.set('to', 'now');
        return { label: `${what}, live: last ${liveLabel(spec.range.seconds)}`, href: `/embed/metrics?${q.toString()}` };
      }
      q.set('from', String(spec.range.fromMs));
      q.set('to', String(spec.range.toMs));
      return { label: `${what}, frozen: ${formatMinute(spec.range.fromMs)} → ${formatMinute(spec.range.toMs)}`, href: `/embed/metrics?${q.toString()}` };
    }
  }
}
