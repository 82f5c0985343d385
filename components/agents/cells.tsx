import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatCount, formatPercent } from '@/lib/charts/prepare';
import { formatDuration } from '@/lib/format';

/** Small cell renderers shared by the agent and pair tables. */

const dash = <span className="text-zinc-400">–</span>;

export function Duration({ ns }: { ns: number | null }): ReactNode {
  return ns === null ? dash : formatDuration(ns);
}

/** A share; red from `bad`, amber above 0. */
export function Share({ v, bad = 0.25, title }: { v: number | null; bad?: number; title?: string }): ReactNode {
  if (v === null) return dash;
  const tone = v >= bad ? 'font-medium text-red-600 dark:text-red-400' : v > 0 ? 'text-amber-700 dark:text-amber-400' : '';
  return (
    <span className={tone} title={title}>
      {formatPercent(v)}
    </span>
  );
}

/** Fidelity: red below 0.8. */
export function Fidelity({ v }: { v: number | null }): ReactNode {
  if (v === null) return dash;
  return <span className={v < 0.8 ? 'font-medium text-red-600 dark:text-red-400' : ''}>{formatPercent(v)}</span>;
}

/** A count that opens a list (none: a plain 0). */
export function CountLink({ n, href, label }: { n: number; href: string; label: string }): ReactNode {
  if (n === 0) return <span className="text-zinc-400">0</span>;
  return (
    <Link href={href} prefetch={false} aria-label={label} className="hover:text-indigo-600 hover:underline dark:hover:text-indigo-400">
      {formatCount(n)}
    </Link>
  );
}
