'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { HandoffDetailView } from '@/components/handoff/HandoffDetailView';
import { SessionView } from '@/components/session/SessionView';
import { TraceView } from '@/components/trace/TraceView';
import { Loading } from '@/components/ui/StatusMessage';
import { setShareToken } from '@/hooks/api-fetch';
import { useShared } from '@/hooks/useShared';
import { formatTime } from '@/lib/format';
import type { ShareResource } from '@/lib/share/kinds';
import { ShareLinkScope } from './share-context';
import { SharedPanel } from './SharedPanel';

const REDACTED: Record<string, string> = {
  messages: 'message contents hidden',
  facts: 'fact values shown as digests',
  both: 'message contents hidden, fact values shown as digests',
};

/** A share link's page: the one resource it shows, what is hidden, until when; or a plain page saying the link does not work. */
export function SharedView({ token }: { token: string }) {
  setShareToken(token);
  const shared = useShared();
  if (shared.isPending) return <Loading label="Opening the shared link…" />;
  if (shared.isError) {
    return (
      <main className="mx-auto mt-24 max-w-md rounded-lg border border-zinc-200 p-6 text-sm dark:border-zinc-800">
        <h1 className="mb-2 text-lg font-semibold">This link does not work</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          It has expired, was revoked, or is not a Baton share link. Ask whoever sent it for a new one.
        </p>
      </main>
    );
  }
  const link = shared.data.link;
  return (
    <div className="mx-auto max-w-screen-2xl space-y-3 px-4 py-4">
      <p role="note" className="rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
        Shared {link.resource === 'panel' ? 'chart' : link.resource}
        {link.resource !== 'panel' && ` · as of ${formatTime(link.to)}`}
        {link.redact !== 'none' && ` · ${REDACTED[link.redact]}`} · {link.expiresAt ? `link expires ${formatTime(link.expiresAt)}` : 'link does not expire'}
      </p>
      <ShareLinkScope base={`/s/${token}`}>
        <Suspense fallback={<Loading label="Loading…" />}>
          <SharedResource token={token} resource={link.resource} target={link.target} />
        </Suspense>
      </ShareLinkScope>
    </div>
  );
}

function SharedResource({ token, resource, target }: { token: string; resource: ShareResource; target: string }) {
  switch (resource) {
    case 'trace':
      return <TraceView traceId={target} shared />;
    case 'session':
      return <SharedSession token={token} sessionId={target} />;
    case 'handoff':
      return <SharedHandoff handoffId={target} />;
    case 'panel':
      return (
        <section aria-label="Shared chart" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <SharedPanel target={target} height={360} />
        </section>
      );
  }
}

/** A shared session, or one of its traces (`?trace=`) within the link. */
function SharedSession({ token, sessionId }: { token: string; sessionId: string }) {
  const trace = useSearchParams().get('trace');
  if (!trace) return <SessionView sessionId={sessionId} />;
  return (
    <div className="space-y-3">
      <Link href={`/s/${token}`} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">
        ← The session {sessionId}
      </Link>
      <TraceView traceId={trace.toLowerCase()} shared />
    </div>
  );
}

/** A shared handoff: its diff, nothing around it. */
function SharedHandoff({ handoffId }: { handoffId: string }) {
  return (
    <section aria-label="Handoff diff" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="mb-3 font-semibold">Handoff diff</h1>
      <HandoffDetailView handoffId={handoffId} />
    </section>
  );
}
