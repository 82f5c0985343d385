import type { Drift } from '@/lib/schemas/handoffs';

const LISTS: { key: keyof Pick<Drift, 'contractMissing' | 'preserveViolated' | 'forbiddenPresent' | 'constraintsDropped'>; label: string }[] = [
  { key: 'contractMissing', label: 'Required by the contract, missing at the receiver' },
  { key: 'preserveViolated', label: 'To be preserved, but changed or lost' },
  { key: 'forbiddenPresent', label: 'Forbidden to cross, but present at the receiver' },
  { key: 'constraintsDropped', label: 'Constraints the receiver no longer holds' },
];

/** What made the handoff critical: broken contract terms and dropped constraints. */
export function ContractFlags({ drift }: { drift: Drift }) {
  const present = LISTS.filter((l) => drift[l.key].length > 0);
  if (present.length === 0) return null;
  return (
    <div role="note" aria-label="Contract violations" className="rounded-md border border-red-200 bg-red-50 p-2.5 text-sm dark:border-red-900 dark:bg-red-950/40">
      {present.map((l) => (
        <div key={l.key} className="py-0.5">
          <p className="font-medium text-red-800 dark:text-red-300">{l.label}</p>
          <ul className="mt-0.5 flex flex-wrap gap-1.5">
            {drift[l.key].map((item) => (
              <li key={item} className="rounded bg-white px-1.5 font-mono text-xs text-red-800 ring-1 ring-red-200 dark:bg-zinc-900 dark:text-red-300 dark:ring-red-900">
                {item}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
