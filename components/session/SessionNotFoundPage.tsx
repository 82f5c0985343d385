'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NotFoundPage } from '@/components/ui/NotFoundPage';
import { sessionIdFromParam } from '@/lib/sessions/session-param';

/** `/sessions/{id}` for a session that no stored trace names (or not in the caller's projects): answered with status 404. */
export function SessionNotFoundPage() {
  const sessionId = sessionIdFromParam(usePathname().split('/')[2] ?? '');
  return (
    <NotFoundPage title="Session not found">
      No trace names the session <code className="break-all font-mono">{sessionId}</code>. It may still be on its way, be older than the retention
      period, belong to a project you cannot see, or the id may be mistyped.{' '}
      <Link href="/sessions" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Browse sessions
      </Link>
    </NotFoundPage>
  );
}
