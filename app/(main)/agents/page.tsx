import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AgentsView } from '@/components/agents/AgentsView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Agents' };

export default function AgentsPage() {
  return (
    <Suspense fallback={<Loading label="Loading agents…" />}>
      <AgentsView />
    </Suspense>
  );
}
