'use client';

import { usePathname } from 'next/navigation';
import { NotFoundPage } from '@/components/ui/NotFoundPage';

/** `/traces/{id}` for a trace that is not stored (or not in the caller's projects): answered with status 404. */
export function TraceNotFound({ traceId }: { traceId?: string }) {
  // Trace ids are hex: the segment is shown as it came.
  const segment = usePathname().split('/')[2] ?? '';
  const id = traceId ?? segment;
  return (
    <NotFoundPage title="Trace not found">
      No span of trace <code className="break-all font-mono">{id}</code> is stored. It may still be on its way, be older than the retention period,
      or belong to a project you cannot see.
    </NotFoundPage>
  );
}
