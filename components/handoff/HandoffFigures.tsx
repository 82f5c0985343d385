import { ArrowRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { SeverityBadge } from '@/components/ui/SeverityBadge';
import { formatTime } from '@/lib/format';
import type { Handoff } from '@/lib/schemas/handoffs';

const METHOD: Record<Handoff['drift']['method'], string> = {
  snapshot: 'snapshots compared',
  digest: 'digests compared (privacy mode)',
  text: 'given texts compared',
};

const SOURCE: Record<Handoff['source'], string> = {
  explicit: 'explicit (snapshots)',
  link: 'inferred from a span link',
  framework: 'inferred from a framework signal',
  delegation: 'inferred from delegation',
  compaction: 'compaction (own summary)',
};

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-sm tabular-nums">{children}</dd>
    </div>
  );
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The handoff's headline: who handed what to whom, how bad, and how Baton knows. */
export function HandoffFigures({ handoff }: { handoff: Handoff }) {
  const d = handoff.drift;
  const pending = handoff.status === 'pending';
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{handoff.fromAgent || 'unknown'}</span>
        <ArrowRight aria-label="to" className="h-4 w-4 text-zinc-400" />
        <span className="font-semibold">{handoff.toAgent || 'unknown'}</span>
        <SeverityBadge severity={d.severity} pending={pending} />
        <span className="text-xs text-zinc-500">{SOURCE[handoff.source]}</span>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1">
        <Figure label="Fidelity">{pending ? '–' : percent(d.fidelity)}</Figure>
        <Figure label="Text similarity">{d.textSimilarity === null ? '–' : percent(d.textSimilarity)}</Figure>
        <Figure label="Truncated">{d.truncated ? <span className="font-medium text-amber-700 dark:text-amber-400">yes</span> : 'no'}</Figure>
        <Figure label="Method">{pending ? 'waiting for the other side' : METHOD[d.method]}</Figure>
        <Figure label="Time">
          <span title={handoff.time}>{formatTime(handoff.time)}</span>
        </Figure>
      </dl>
    </div>
  );
}
