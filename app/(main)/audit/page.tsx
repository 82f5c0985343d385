import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from '@/components/audit/AuditView';
import { Loading } from '@/components/ui/StatusMessage';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return (
    <Suspense fallback={<Loading label="Loading the audit log…" />}>
      <AuditView />
    </Suspense>
  );
}
