import type { Metadata } from 'next';
import { Suspense } from 'react';
import { HandoffsView } from '@/components/handoffs/HandoffsView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Handoffs' };

export default function HandoffsPage() {
  return (
    <Suspense fallback={<Loading label="Loading handoffs…" />}>
      <HandoffsView />
    </Suspense>
  );
}
