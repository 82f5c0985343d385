import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { SessionView } from '@/components/session/SessionView';
import { Loading } from '@/components/ui/StatusMessage';
import { sessionExists } from '@/lib/pages/exists';
import { sessionIdFromParam } from '@/lib/sessions/session-param';

export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const { sessionId } = await params;
  return { title: `Session ${sessionIdFromParam(sessionId).slice(0, 24)}` };
}

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  if (!(await sessionExists(await headers(), sessionIdFromParam(sessionId)))) notFound();
  return (
    <Suspense fallback={<Loading label="Loading session…" />}>
      <SessionView sessionId={sessionIdFromParam(sessionId)} />
    </Suspense>
  );
}
