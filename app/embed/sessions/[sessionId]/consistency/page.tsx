import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConsistencyEmbed } from '@/components/session/ConsistencyEmbed';
import { Loading } from '@/components/ui/StatusMessage';
import { sessionIdFromParam } from '@/lib/sessions/session-param';

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const { sessionId } = await params;
  return { title: `Consistency of session ${sessionIdFromParam(sessionId).slice(0, 24)}` };
}

/** One panel for an iframe: the session's score, retention per turn and fidelity per handoff. */
export default async function ConsistencyEmbedPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return (
    <Suspense fallback={<Loading label="Loading consistency…" />}>
      <ConsistencyEmbed sessionId={sessionIdFromParam(sessionId)} />
    </Suspense>
  );
}
