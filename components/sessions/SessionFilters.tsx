'use client';

import type { FormEvent } from 'react';
import { inputClass, primaryButtonClass } from '@/components/ui/styles';
import { filtersFromParams, hasFilters, type SessionListFilters } from '@/lib/sessions/list-filters';

/** Text, agent, user and score range for the sessions list; applied on submit, kept in the URL by the parent. */
export function SessionFilters({ value, onChange }: { value: SessionListFilters; onChange: (next: SessionListFilters) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onChange(filtersFromParams({ get: (name) => (form.has(name) ? String(form.get(name)) : null) }));
  };
  return (
    // Keyed by the filters so the inputs follow the URL (back/forward, a pasted link).
    <form key={JSON.stringify(value)} onSubmit={submit} role="search" aria-label="Filter sessions" className="flex flex-wrap items-center gap-2">
      <input name="q" defaultValue={value.q} aria-label="Search" placeholder="Session or user id" className={`${inputClass} w-56`} />
      <input name="agent" defaultValue={value.agent} aria-label="Agent" placeholder="Agent" className={`${inputClass} w-36`} />
      <input name="user" defaultValue={value.user} aria-label="User" placeholder="User" className={`${inputClass} w-36`} />
      <fieldset className="flex items-center gap-1 text-sm text-zinc-500">
        <legend className="sr-only">Score range</legend>
        <span aria-hidden>Score</span>
        <input name="minScore" type="number" min={0} max={100} defaultValue={value.minScore} aria-label="Minimum score" placeholder="0" className={`${inputClass} w-16`} />
        <span aria-hidden>–</span>
        <input name="maxScore" type="number" min={0} max={100} defaultValue={value.maxScore} aria-label="Maximum score" placeholder="100" className={`${inputClass} w-16`} />
      </fieldset>
      <button type="submit" className={primaryButtonClass}>
        Apply
      </button>
      {hasFilters(value) && (
        <button type="button" onClick={() => onChange({})} className="h-8 px-2 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
          Clear
        </button>
      )}
    </form>
  );
}
