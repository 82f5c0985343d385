'use client';

import { CalendarClock, ChevronDown } from 'lucide-react';
import { Popover } from 'radix-ui';
import { useState, type FormEvent } from 'react';
import { useTimeRange } from '@/hooks/useTimeRange';
import { formatMinute, PRESETS, rangeLabel } from '@/lib/time-range';
import { buttonClass, inputClass, popoverClass, primaryButtonClass } from './styles';

/** `datetime-local` value for a time in the viewer's zone. */
const localInput = (ms: number) => formatMinute(ms).replace(' ', 'T');

/**
 * The time range of a page (`?from&to`): relative presets that follow the
 * clock, or absolute ends. Keyboard-usable (Radix Popover: focus moves in,
 * Escape closes, focus returns to the button).
 */
export function TimeRangePicker() {
  const { range, resolved, invalid, setRange } = useTimeRange();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const applyAbsolute = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = Date.parse(String(form.get('from') ?? ''));
    const to = Date.parse(String(form.get('to') ?? ''));
    if (Number.isNaN(from) || Number.isNaN(to)) return setError('Both ends need a date and time.');
    if (from >= to) return setError('The start must be before the end.');
    setError(null);
    setRange({ from: String(from), to: String(to) });
    setOpen(false);
  };

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className={buttonClass} aria-label={`Time range: ${rangeLabel(range, resolved.toMs)}`}>
        <CalendarClock aria-hidden className="h-4 w-4 text-zinc-500" />
        <span>{rangeLabel(range, resolved.toMs)}</span>
        {invalid && <span className="text-xs text-amber-600">(link range unreadable)</span>}
        <ChevronDown aria-hidden className="h-3.5 w-3.5 text-zinc-400" />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="end" sideOffset={6} className={`${popoverClass} w-80`}>
          <p className="mb-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500">Relative</p>
          <div className="grid grid-cols-2 gap-1">
            {PRESETS.map((p) => (
              <button
                key={p.from}
                type="button"
                aria-pressed={range.from === p.from && range.to === 'now'}
                onClick={() => {
                  setRange({ from: p.from, to: 'now' });
                  setOpen(false);
                }}
                className="rounded px-2 py-1 text-left hover:bg-zinc-100 aria-pressed:bg-indigo-50 aria-pressed:text-indigo-700 dark:hover:bg-zinc-800 dark:aria-pressed:bg-indigo-950 dark:aria-pressed:text-indigo-300"
              >
                {p.label}
              </button>
            ))}
          </div>
          <form onSubmit={applyAbsolute} className="mt-3 space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Absolute</p>
            <label className="flex items-center justify-between gap-2">
              <span>From</span>
              <input name="from" type="datetime-local" defaultValue={localInput(resolved.fromMs)} className={inputClass} />
            </label>
            <label className="flex items-center justify-between gap-2">
              <span>To</span>
              <input name="to" type="datetime-local" defaultValue={localInput(resolved.toMs)} className={inputClass} />
            </label>
            {error && (
              <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                {error}
              </p>
            )}
            <div className="flex justify-end">
              <button type="submit" className={primaryButtonClass}>
                Apply
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
