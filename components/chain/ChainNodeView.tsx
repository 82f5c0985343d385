import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { cn } from '@/lib/cn';
import { formatDuration } from '@/lib/format';
import type { ChainNode } from '@/lib/trace-chain';

export type ChainFlowNode = Node<{ node: ChainNode }, 'agent'>;

const HIDDEN_HANDLE = '!h-1 !w-1 !min-h-0 !min-w-0 !border-0 !bg-transparent';

/** One agent invocation in the chain: agent, span, duration, errors. Ghost and external sides look apart. */
export const ChainNodeView = memo(function ChainNodeView({ data, selected }: NodeProps<ChainFlowNode>) {
  const { node } = data;
  const troubled = node.error || node.errors > 0;
  return (
    <div
      className={cn(
        'flex h-[58px] w-[188px] flex-col justify-center rounded-lg border bg-white px-2.5 text-left shadow-sm dark:bg-zinc-900',
        node.kind === 'agent' && 'border-zinc-300 dark:border-zinc-700',
        node.kind === 'ghost' && 'border-dashed border-zinc-400 bg-zinc-50 text-zinc-500 dark:border-zinc-600 dark:bg-zinc-900/60',
        node.kind === 'external' && 'border-dotted border-indigo-400 dark:border-indigo-600',
        troubled && node.kind === 'agent' && 'border-red-400 dark:border-red-700',
        selected && 'ring-2 ring-indigo-500 ring-offset-1 ring-offset-white dark:ring-offset-zinc-950',
      )}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className={HIDDEN_HANDLE} />
      <div className="flex items-center gap-1.5">
        {troubled && <span aria-hidden className="h-2 w-2 shrink-0 rounded-full bg-red-500" />}
        <span className={cn('truncate text-sm font-semibold', node.kind === 'ghost' && 'italic')} title={node.agent}>
          {node.agent}
        </span>
        {node.count > 1 && (
          <span className="ml-auto shrink-0 rounded-full bg-indigo-100 px-1.5 text-[11px] font-medium tabular-nums text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" title={`${node.count} invocations of ${node.agent} by the same caller`}>
            ×{node.count}
          </span>
        )}
      </div>
      <div className="flex items-center justify-between gap-2 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="truncate" title={node.name}>
          {node.name}
        </span>
        {node.durationNs !== null && (
          <span className="shrink-0 tabular-nums" title={node.count > 1 ? 'Total of the invocations' : undefined}>
            {formatDuration(node.durationNs)}
          </span>
        )}
      </div>
      {troubled && (
        <div className="text-[11px] font-medium text-red-600 dark:text-red-400">
          {node.error ? 'failed' : ''}
          {node.error && node.errors > 0 ? ' · ' : ''}
          {node.errors > 0 ? `${node.errors} error${node.errors === 1 ? '' : 's'}` : ''}
        </div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} className={HIDDEN_HANDLE} />
    </div>
  );
});
