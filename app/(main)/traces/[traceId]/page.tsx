import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { TraceView } from '@/components/trace/TraceView';
import { Loading } from '@/components/ui/StatusMessage';
import { traceExists } from '@/lib/pages/exists';

export async function generateMetadata({ params }: { params: Promise<{ traceId: string }> }): Promise<Metadata> {
  const { traceId } = await params;
  return { title: `Trace ${traceId.slice(0, 8)}` };
}

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  if (!(await traceExists(await headers(), traceId))) notFound();
  return (
    <Suspense fallback={<Loading label="Loading trace…" />}>
      <TraceView traceId={traceId.toLowerCase()} />
    </Suspense>
  );
}
