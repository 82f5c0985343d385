'use client';

import type { FormEvent } from 'react';
import { inputClass, primaryButtonClass } from '@/components/ui/styles';

export interface AgentFilterValue {
  fromAgent?: string;
  toAgent?: string;
}

/** Sender and receiver filters, applied on submit; the agent names of the range are suggested. */
export function AgentFilters({ value, agents, onChange }: { value: AgentFilterValue; agents: string[]; onChange: (next: AgentFilterValue) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    onChange({ fromAgent: text('fromAgent'), toAgent: text('toAgent') });
  };
  return (
    // Keyed by the filters so the inputs follow the URL (back/forward, links).
    <form key={`${value.fromAgent ?? ''}\u0000${value.toAgent ?? ''}`} onSubmit={submit} role="search" aria-label="Filter handoffs" className="flex flex-wrap items-center gap-2">
      <input name="fromAgent" list="handoff-agents" defaultValue={value.fromAgent} aria-label="From agent" placeholder="From agent" className={`${inputClass} w-40`} />
      <span aria-hidden className="text-zinc-400">
        →
      </span>
      <input name="toAgent" list="handoff-agents" defaultValue={value.toAgent} aria-label="To agent" placeholder="To agent" className={`${inputClass} w-40`} />
      <datalist id="handoff-agents">
        {agents.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <button type="submit" className={primaryButtonClass}>
        Apply
      </button>
      {(value.fromAgent || value.toAgent) && (
        <button type="button" onClick={() => onChange({})} className="h-8 px-2 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
          Clear agents
        </button>
      )}
    </form>
  );
}
