import type { ReactNode } from 'react';
import { TypeBadge } from '@/components/ui/TypeBadge';
import { formatDuration, formatTime } from '@/lib/format';
import type { Span } from '@/lib/schemas/api';
import { AttributeList } from './AttributeList';
import { SpanMessages } from './SpanMessages';
import { useTraceHref } from '@/components/share/share-context';

function Section({ title, count, children, open = true }: { title: string; count?: number; children: ReactNode; open?: boolean }) {
  return (
    <details open={open} className="group border-t border-zinc-200 py-2 dark:border-zinc-800">
      <summary className="cursor-pointer select-none py-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
        {title}
        {count !== undefined && <span className="ml-1 font-normal">({count})</span>}
      </summary>
      <div className="pt-1">{children}</div>
    </details>
  );
}

function Fact({ label, value, mono }: { label: string; value: ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className={mono ? 'truncate font-mono text-xs leading-5' : 'truncate text-sm'}>{value || <span className="text-zinc-400">–</span>}</dd>
    </div>
  );
}

/** Everything about one span: the agent-model fields, attributes, events, links and resource. */
export function SpanDetails({ span, onClose }: { span: Span; onClose: () => void }) {
  const traceHref = useTraceHref();
  const error = span.status.code === 'error';
  // A control-flow exception the framework routes with (LangGraph ParentCommand, GraphInterrupt): shown, not an error.
  const control = span.status.code === 'control';
  return (
    <aside aria-label="Span details" className="flex h-full min-h-0 flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-start justify-between gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <TypeBadge type={span.type} />
            {error && <span className="rounded bg-red-100 px-1.5 text-[11px] font-medium text-red-700 dark:bg-red-950 dark:text-red-300">error</span>}
            {control && (
              <span title="Recorded as an error by the instrumentation: an exception the framework uses for routing, not counted as an error" className="rounded bg-zinc-100 px-1.5 text-[11px] font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                control flow
              </span>
            )}
          </div>
          <h2 className="mt-1 break-words font-semibold">{span.name || '(unnamed span)'}</h2>
        </div>
        <button type="button" onClick={onClose} aria-label="Close span details" className="rounded px-2 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
          ×
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto px-3 pb-3">
        {error && span.status.message && (
          <p className="mt-3 whitespace-pre-wrap rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-300">{span.status.message}</p>
        )}
        {control && span.status.message && (
          <p className="mt-3 max-h-40 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2 font-mono text-xs text-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">{span.status.message.trim()}</p>
        )}
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 py-3">
          <Fact label="Agent" value={span.agent} />
          <Fact label="Duration" value={formatDuration(span.durationNs)} />
          <Fact label="Service" value={span.service} />
          <Fact label="Model" value={span.model} />
          <Fact label="Session" value={span.sessionId} mono />
          <Fact label="User" value={span.userId} mono />
          <Fact label="Tokens in / out" value={span.usage.input || span.usage.output ? `${span.usage.input} / ${span.usage.output}` : ''} />
          <Fact label="Kind" value={span.kind} />
          <Fact label="Start" value={<span title={span.startTime}>{formatTime(span.startTime)}</span>} />
          <Fact label="Span id" value={span.spanId} mono />
        </dl>
        {span.messages && (
          <Section title="Messages" count={span.messages.input.length + span.messages.output.length}>
            <SpanMessages messages={span.messages} />
          </Section>
        )}
        <Section title="Attributes" count={Object.keys(span.attributes).length}>
          <AttributeList attributes={span.attributes} />
        </Section>
        <Section title="Events" count={span.events.length} open={span.events.length > 0}>
          {span.events.length === 0 && <p className="text-sm text-zinc-400">None</p>}
          <ol className="space-y-3">
            {span.events.map((event, i) => (
              <li key={`${event.time}-${i}`}>
                <p className="text-sm font-medium">
                  {event.name}
                  <span className="ml-2 text-xs font-normal text-zinc-400" title={event.time}>
                    {formatTime(event.time)}
                  </span>
                </p>
                <AttributeList attributes={event.attributes} empty="No attributes" />
              </li>
            ))}
          </ol>
        </Section>
        {span.links.length > 0 && (
          <Section title="Links" count={span.links.length}>
            <ul className="space-y-2">
              {span.links.map((link) => (
                <li key={`${link.traceId}-${link.spanId}`} className="text-sm">
                  <a href={traceHref(link.traceId, `span=${link.spanId}`)} className="font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400">
                    {link.traceId} / {link.spanId}
                  </a>
                  <AttributeList attributes={link.attributes} empty="No attributes" />
                </li>
              ))}
            </ul>
          </Section>
        )}
        <Section title="Resource" count={Object.keys(span.resource).length} open={false}>
          <AttributeList attributes={span.resource} />
        </Section>
        <Section title="Instrumentation scope" open={false}>
          <p className="font-mono text-xs">
            {span.scope.name || '(none)'} {span.scope.version}
          </p>
          <AttributeList attributes={span.scope.attributes} empty="No attributes" />
        </Section>
      </div>
    </aside>
  );
}
