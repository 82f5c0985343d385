import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OverviewView } from '@/components/overview/OverviewView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Overview' };

export default function OverviewPage() {
  return (
    <Suspense fallback={<Loading label="Loading the overview…" />}>
      <OverviewView />
    </Suspense>
  );
}
