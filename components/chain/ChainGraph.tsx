'use client';

import '@xyflow/react/dist/style.css';
import './chain.css';
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useMemo, type KeyboardEvent } from 'react';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import { useIsDark } from '@/hooks/useIsDark';
import { NODE_HEIGHT, NODE_WIDTH, type ChainModel, type ChainNode } from '@/lib/trace-chain';
import { ChainEdgeView, type ChainFlowEdge } from './ChainEdgeView';
import { ChainNodeView, type ChainFlowNode } from './ChainNodeView';

const nodeTypes: NodeTypes = { agent: ChainNodeView };
const edgeTypes: EdgeTypes = { handoff: ChainEdgeView };
/** Below this zoom the nodes' 11px text is no longer readable: a large chain pans instead of shrinking further. */
export const MIN_READABLE_ZOOM = 0.75;
/** Past this many nodes the chain gets a minimap to find one's way. */
const MINIMAP_ABOVE = 8;

interface Props {
  chain: ChainModel;
  selectedHandoffId?: string;
  selectedSpanId?: string;
  onOpenHandoff: (handoffId: string) => void;
  onSelectNode: (node: ChainNode) => void;
}


function nodeLabel(n: ChainNode): string {
  if (n.kind === 'ghost') return `${n.agent}: receiver not arrived yet`;
  if (n.kind === 'external') return `${n.agent}, in another trace`;
  if (n.count > 1) return `Agent ${n.agent}, ${n.count} invocations${n.error ? ', one failed' : ''}${n.errors ? `, ${n.errors} errors` : ''}`;
  return `Agent ${n.agent}, ${n.name}${n.error ? ', failed' : ''}${n.errors ? `, ${n.errors} errors` : ''}`;
}

/**
 * The agent chain: agent invocations left to right, handoffs between them.
 * Selection comes from the URL (the props); clicking, or Enter on a focused
 * element, asks the page to change it.
 */
export function ChainGraph({ chain, selectedHandoffId, selectedSpanId, onOpenHandoff, onSelectNode }: Props) {
  const dark = useIsDark();
  const nodes = useMemo<ChainFlowNode[]>(
    () =>
      chain.nodes.map((n) => ({
        id: n.id,
        type: 'agent',
        position: { x: n.x, y: n.y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: { node: n },
        selected: n.kind === 'agent' && selectedSpanId !== undefined && n.spanIds.includes(selectedSpanId),
        draggable: false,
        connectable: false,
        ariaLabel: nodeLabel(n),
      })),
    [chain, selectedSpanId],
  );
  const edges = useMemo<ChainFlowEdge[]>(
    () =>
      chain.edges.map((e) => ({
        id: e.id,
        type: 'handoff',
        source: e.source,
        target: e.target,
        data: { edge: e, onOpen: onOpenHandoff },
        selected: selectedHandoffId !== undefined && e.handoffIds.includes(selectedHandoffId),
        markerEnd: { type: MarkerType.ArrowClosed, color: SEVERITY_COLOR[e.severity], width: 16, height: 16 },
        ariaLabel: e.ariaLabel,
      })),
    [chain, selectedHandoffId, onOpenHandoff],
  );
  // Enter or Space on a focused node or edge acts like a click (React Flow's own keys only select).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const target = event.target as Element;
    const edgeId = target.closest('.react-flow__edge')?.getAttribute('data-id');
    const nodeId = target.closest('.react-flow__node')?.getAttribute('data-id');
    const node = nodeId ? chain.nodes.find((n) => n.id === nodeId) : undefined;
    if (!edgeId && !node) return;
    event.preventDefault();
    if (edgeId) onOpenHandoff(edgeId);
    else if (node) onSelectNode(node);
  };
  return (
    <div className="h-full w-full" onKeyDown={onKeyDown}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={dark ? 'dark' : 'light'}
        onNodeClick={(_, node) => onSelectNode(node.data.node)}
        onEdgeClick={(_, edge) => onOpenHandoff(edge.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesReconnectable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ padding: 0.1, maxZoom: 1, minZoom: MIN_READABLE_ZOOM }}
        minZoom={MIN_READABLE_ZOOM}
        maxZoom={2}
        className="!bg-transparent"
        aria-label="Agent chain"
      >
        <Background gap={18} size={1} color={dark ? '#27272a' : '#e4e4e7'} />
        <Controls showInteractive={false} position="bottom-left" />
        {chain.nodes.length > MINIMAP_ABOVE && (
          <MiniMap
            pannable
            zoomable
            position="top-right"
            ariaLabel="Overview of the agent chain"
            nodeColor={(node) => ((node.data as ChainFlowNode['data']).node.error || (node.data as ChainFlowNode['data']).node.errors > 0 ? '#f87171' : dark ? '#52525b' : '#d4d4d8')}
            maskColor={dark ? 'rgba(9, 9, 11, 0.6)' : 'rgba(244, 244, 245, 0.6)'}
            bgColor={dark ? '#18181b' : '#ffffff'}
            className="!h-24 !w-40 max-sm:!hidden"
          />
        )}
      </ReactFlow>
    </div>
  );
}
