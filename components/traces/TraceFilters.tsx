'use client';

import type { FormEvent } from 'react';
import type { TraceFilters as Filters } from '@/hooks/query-keys';

const input =
  'h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm outline-none placeholder:text-zinc-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 dark:border-zinc-700 dark:bg-zinc-900';

/** Search and filters for the trace list; applied on submit, kept in the URL by the parent. */
export function TraceFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    onChange({ q: text('q'), agent: text('agent'), service: text('service') });
  };
  return (
    // Keyed by the filters so the inputs reset when the URL changes (back/forward).
    <form key={JSON.stringify(value)} onSubmit={submit} role="search" className="flex flex-wrap items-center gap-2">
      <input name="q" defaultValue={value.q} aria-label="Search" placeholder="Root span, trace id or session id" className={`${input} w-72`} />
      <input name="agent" defaultValue={value.agent} aria-label="Agent" placeholder="Agent" className={`${input} w-40`} />
      <input name="service" defaultValue={value.service} aria-label="Service" placeholder="Service" className={`${input} w-40`} />
      <button type="submit" className="h-8 rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500">
        Apply
      </button>
      {(value.q || value.agent || value.service) && (
        <button type="button" onClick={() => onChange({})} className="h-8 px-2 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
          Clear
        </button>
      )}
    </form>
  );
}
