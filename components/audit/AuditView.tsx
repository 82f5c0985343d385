'use client';

import { useState } from 'react';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { Panel } from '@/components/ui/Panel';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { inputClass, primaryButtonClass } from '@/components/ui/styles';
import { useAudit } from '@/hooks/useAudit';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useUrlState } from '@/hooks/useUrlState';
import { AUDIT_ACTIONS } from '@/lib/auth/audit-actions';
import { AuditTable } from './AuditTable';

/** The audit log page (admins): who did what, when, from where; filters and range in the URL. */
export function AuditView() {
  const { params, set } = useUrlState();
  const { resolved } = useTimeRange();
  const action = params.get('action') ?? '';
  const [actor, setActor] = useState(params.get('actor') ?? '');
  const query = useAudit({ from: resolved.fromMs, to: resolved.toMs, action: action || undefined, actor: params.get('actor') || undefined });
  const forbidden = query.error && 'status' in query.error && query.error.status === 403;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          set({ actor: actor.trim() });
        }}
      >
        <select aria-label="Action" className={inputClass} value={action} onChange={(e) => set({ action: e.target.value })}>
          <option value="">Every action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input aria-label="Who" placeholder="Email or account id" className={inputClass} value={actor} onChange={(e) => setActor(e.target.value)} />
        <button type="submit" className={primaryButtonClass}>
          Apply
        </button>
      </form>
      {query.isPending && <Loading label="Loading the audit log…" />}
      {forbidden && <Empty title="Admins only">The audit log is for admins of every project. Ask one to look, or to give you that role.</Empty>}
      {query.isError && !forbidden && <ErrorState title="Could not load the audit log" error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && query.data.entries.length === 0 && <Empty title="Nothing recorded in this time range">Sign-ins, sign-outs and account changes appear here.</Empty>}
      {query.data && query.data.entries.length > 0 && (
        <Panel title="Entries" actions={<span className="text-xs text-zinc-500">{query.data.entries.length === 1000 ? 'the newest 1,000' : `${query.data.entries.length} entries`}</span>}>
          <AuditTable entries={query.data.entries} />
        </Panel>
      )}
    </div>
  );
}
