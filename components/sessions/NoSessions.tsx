import { Empty } from '@/components/ui/StatusMessage';

const SESSION_DOCS = 'https://opentelemetry.io/docs/specs/semconv/registry/attributes/session/';
const code = 'rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800';

/** The sessions list's empty state: what to change, and what makes a span part of a session. */
export function NoSessions({ filtered }: { filtered: boolean }) {
  if (filtered) {
    return <Empty title="No session matches these filters">Clear a filter or widen the time range.</Empty>;
  }
  return (
    <Empty title="No session in this range">
      <p>
        Widen it, or check that your spans carry a session id: <code className={code}>session.id</code> (also read:{' '}
        <code className={code}>baton.session.id</code>, <code className={code}>langfuse.session.id</code>, OpenLLMetry and AI SDK metadata).
      </p>
      <p className="mt-2">
        <a href={SESSION_DOCS} target="_blank" rel="noopener noreferrer" className="text-indigo-600 hover:underline dark:text-indigo-400">
          OpenTelemetry session attributes
        </a>
      </p>
    </Empty>
  );
}
