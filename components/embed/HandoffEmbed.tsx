'use client';

import { HandoffDetailView } from '@/components/handoff/HandoffDetailView';
import { useHandoff } from '@/hooks/useHandoff';
import { OpenInBaton } from './OpenInBaton';

/** One handoff's diff alone, for an iframe; links open Baton in a new tab. */
export function HandoffEmbed({ handoffId }: { handoffId: string }) {
  const { data } = useHandoff(handoffId);
  const traceId = data?.handoff.traceId || data?.handoff.fromTraceId || data?.handoff.toTraceId;
  return (
    <section aria-label="Handoff diff" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <header className="flex items-center justify-between gap-2 border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800">
        <h1 className="text-sm font-medium">Handoff diff</h1>
        {traceId && <OpenInBaton href={`/traces/${traceId}?handoff=${encodeURIComponent(handoffId)}`} />}
      </header>
      <div className="p-3">
        <HandoffDetailView handoffId={handoffId} linkTarget="_blank" />
      </div>
    </section>
  );
}
