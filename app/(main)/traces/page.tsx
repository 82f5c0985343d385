import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TracesView } from '@/components/traces/TracesView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <Suspense fallback={<Loading label="Loading traces…" />}>
      <TracesView />
    </Suspense>
  );
}
