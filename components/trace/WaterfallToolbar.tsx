import { ChevronDown, ChevronUp, ChevronsDownUp, ChevronsUpDown, Route, Search } from 'lucide-react';
import type { ReactNode } from 'react';
import { buttonClass, inputClass } from '@/components/ui/styles';
import { positionLabel } from '@/lib/trace-find';

const ICON_BUTTON = `${buttonClass} !h-7 !px-1.5`;

interface StepperProps {
  /** Singular noun: "match", "error", "handoff". */
  noun: string;
  plural: string;
  /** The group's accessible name. */
  label: string;
  /** What the count counts, when not the noun: [one, many]. */
  counted?: [string, string];
  /** No count (an empty search). */
  quiet?: boolean;
  targets: readonly string[];
  selectedId: string | undefined;
  onStep: (direction: 1 | -1) => void;
  children?: ReactNode;
}

/** "3 of 17 errors" with previous and next buttons. */
function Stepper({ noun, plural, label, counted = [noun, plural], quiet = false, targets, selectedId, onStep, children }: StepperProps) {
  const none = targets.length === 0;
  return (
    <div role="group" aria-label={label} className="flex items-center gap-1">
      {children}
      <span aria-live="polite" className="min-w-14 whitespace-nowrap text-xs tabular-nums text-zinc-500">
        {quiet ? '' : `${positionLabel(targets, selectedId)} ${targets.length === 1 ? counted[0] : counted[1]}`}
      </span>
      <button type="button" className={ICON_BUTTON} disabled={none} aria-label={`Previous ${noun}`} title={`Previous ${noun}`} onClick={() => onStep(-1)}>
        <ChevronUp aria-hidden className="h-4 w-4" />
      </button>
      <button type="button" className={ICON_BUTTON} disabled={none} aria-label={`Next ${noun}`} title={`Next ${noun}`} onClick={() => onStep(1)}>
        <ChevronDown aria-hidden className="h-4 w-4" />
      </button>
    </div>
  );
}

interface Props {
  query: string;
  onQuery: (query: string) => void;
  matches: readonly string[];
  errors: readonly string[];
  handoffs: readonly string[];
  selectedId: string | undefined;
  onStep: (what: 'match' | 'error' | 'handoff', direction: 1 | -1) => void;
  onCollapseAll: () => void;
  onExpandAll: () => void;
  critical: boolean;
  onCritical: (on: boolean) => void;
}

/**
 * The waterfall's tools for a large trace: find (Enter / Shift+Enter step
 * through the matches), next/previous error and handoff, fold all subtrees,
 * and the critical path.
 */
export function WaterfallToolbar(props: Props) {
  const { query, onQuery, matches, errors, handoffs, selectedId, onStep } = props;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
      <Stepper noun="match" plural="matches" label="Find in trace" quiet={!query.trim()} targets={query.trim() ? matches : []} selectedId={selectedId} onStep={(d) => onStep('match', d)}>
        <label className="relative">
          <span className="sr-only">Find in trace</span>
          <Search aria-hidden className="pointer-events-none absolute left-2 top-1/2 h-3.5 w-3.5 -translate-y-1/2 text-zinc-400" />
          <input
            type="search"
            value={query}
            placeholder="Find in trace"
            onChange={(e) => onQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              onStep('match', e.shiftKey ? -1 : 1);
            }}
            className={`${inputClass} !h-7 w-36 pl-7 sm:w-56`}
          />
        </label>
      </Stepper>
      <Stepper noun="error" plural="errors" label="Errors" targets={errors} selectedId={selectedId} onStep={(d) => onStep('error', d)} />
      <Stepper noun="handoff" plural="handoffs" label="Handoffs" counted={['span with handoffs', 'spans with handoffs']} targets={handoffs} selectedId={selectedId} onStep={(d) => onStep('handoff', d)} />
      <div className="ml-auto flex items-center gap-1">
        <button type="button" className={`${buttonClass} !h-7 text-xs`} onClick={props.onCollapseAll}>
          <ChevronsDownUp aria-hidden className="h-3.5 w-3.5" /> Collapse all
        </button>
        <button type="button" className={`${buttonClass} !h-7 text-xs`} onClick={props.onExpandAll}>
          <ChevronsUpDown aria-hidden className="h-3.5 w-3.5" /> Expand all
        </button>
        <button
          type="button"
          aria-pressed={props.critical}
          onClick={() => props.onCritical(!props.critical)}
          className={`${buttonClass} !h-7 text-xs ${props.critical ? '!border-indigo-500 !bg-indigo-50 !text-indigo-700 dark:!bg-indigo-950 dark:!text-indigo-300' : ''}`}
        >
          <Route aria-hidden className="h-3.5 w-3.5" /> Critical path
        </button>
      </div>
    </div>
  );
}
