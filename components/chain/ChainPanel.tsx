'use client';

import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';
import type { ChainModel, ChainNode } from '@/lib/trace-chain';
import { ChainGraph } from './ChainGraph';
import { ChainLegend } from './ChainLegend';

interface Props {
  chain: ChainModel;
  selectedHandoffId?: string;
  selectedSpanId?: string;
  onOpenHandoff: (handoffId: string) => void;
  onSelectNode: (node: ChainNode) => void;
  /** Extra header content (the embed's "Open in Baton"). */
  actions?: ReactNode;
  className?: string;
  /** Fill the section's height (an embed); by default the graph's height follows its layout, within bounds. */
  fill?: boolean;
}

/** The agent chain with its title, counts and legend; says so when the trace has no agents. */
export function ChainPanel({ chain, actions, className, fill = false, ...graph }: Props) {
  // Grouped nodes and merged edges stand for several invocations and handoffs: count those.
  const agents = chain.nodes.reduce((sum, n) => sum + (n.kind === 'agent' ? n.count : 0), 0);
  const handoffs = chain.edges.reduce((sum, e) => sum + e.count, 0);
  const fitted = Math.min(320, Math.max(150, chain.height + 24));
  return (
    <section aria-label="Agent chain" className={cn('flex flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900', className)}>
      <header className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800">
        <h2 className="text-sm font-medium">
          Agent chain
          <span className="ml-2 font-normal text-zinc-500">
            {agents} agent invocation{agents === 1 ? '' : 's'}, {handoffs} handoff{handoffs === 1 ? '' : 's'}
            {chain.omitted > 0 && `; ${chain.omitted} more invocations not drawn`}
          </span>
        </h2>
        <div className="flex items-center gap-3">
          <ChainLegend />
          {actions}
        </div>
      </header>
      {chain.nodes.length === 0 ? (
        <p className="px-3 py-6 text-center text-sm text-zinc-500">No agent spans and no handoffs in this trace: there is no chain to draw.</p>
      ) : (
        <div style={fill ? undefined : { height: fitted }} className={fill ? 'min-h-0 flex-1' : undefined}>
          <ChainGraph chain={chain} {...graph} />
        </div>
      )}
    </section>
  );
}
