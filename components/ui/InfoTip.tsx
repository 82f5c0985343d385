import { Info } from 'lucide-react';
import type { ReactNode } from 'react';

/**
 * An info button that opens a short definition in place (a native disclosure:
 * keyboard and screen readers work without script). `label` names what is defined; `align`
 * is the side of the button the definition lines up with.
 */
export function InfoTip({ label, children, align = 'right' }: { label: string; children: ReactNode; align?: 'left' | 'right' }) {
  return (
    <details className="group relative inline-block align-middle">
      <summary aria-label={`What ${label} means`} title={`What ${label} means`} className="flex cursor-pointer list-none rounded text-zinc-400 hover:text-zinc-600 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-zinc-200 [&::-webkit-details-marker]:hidden">
        <Info aria-hidden className="h-3.5 w-3.5" />
      </summary>
      <div role="note" className={`absolute ${align === 'right' ? 'right-0' : 'left-0'} z-20 mt-1 w-72 max-w-[80vw] rounded-md border border-zinc-200 bg-white p-2.5 text-xs leading-snug text-zinc-700 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200`}>
        {children}
      </div>
    </details>
  );
}
