import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MetricEmbed } from '@/components/embed/MetricEmbed';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Metric' };

export default function MetricEmbedPage() {
  return (
    <Suspense fallback={<Loading label="Loading the chart…" />}>
      <MetricEmbed />
    </Suspense>
  );
}
