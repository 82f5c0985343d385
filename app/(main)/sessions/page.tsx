import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SessionsView } from '@/components/sessions/SessionsView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Sessions' };

export default function SessionsPage() {
  return (
    <Suspense fallback={<Loading label="Loading sessions…" />}>
      <SessionsView />
    </Suspense>
  );
}
