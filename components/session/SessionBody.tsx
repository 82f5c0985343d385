'use client';

import { useMemo } from 'react';
import { useSessionPages } from '@/hooks/useSessionPages';
import { LoadMore } from '@/components/ui/LoadMore';
import { Panel } from '@/components/ui/Panel';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { contextSeries, fidelitySeries, retentionPoints } from '@/lib/sessions/charts';
import { ContextChart } from './ContextChart';
import { ContradictionList } from './ContradictionList';
import { FactLedger } from './FactLedger';
import { FidelityChart } from './FidelityChart';
import { RetentionChart } from './RetentionChart';
import { SessionHandoffs } from './SessionHandoffs';
import { TurnTimeline } from './TurnTimeline';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The session's lists and charts, each list paged ("Load more"): turns (and
 * the retention and context charts over the turns loaded), handoffs (and the
 * fidelity chart over those loaded), contradictions and the fact ledger.
 */
export function SessionBody({ detail, live, updatedAt }: { detail: SessionDetail; live: boolean; updatedAt: number }) {
  const options = { live, updatedAt };
  const turnsQuery = useSessionPages(detail, 'turns', options);
  const handoffsQuery = useSessionPages(detail, 'handoffs', options);
  const factsQuery = useSessionPages(detail, 'facts', options);
  const contradictionsQuery = useSessionPages(detail, 'contradictions', options);
  const turns = useMemo(() => turnsQuery.data.pages.flatMap((p) => p.turns), [turnsQuery.data]);
  const context = useMemo(() => turnsQuery.data.pages.flatMap((p) => p.context), [turnsQuery.data]);
  const contextTruncated = turnsQuery.data.pages.some((p) => p.contextTruncated);
  const handoffs = useMemo(() => handoffsQuery.data.pages.flatMap((p) => p.handoffs), [handoffsQuery.data]);
  const facts = useMemo(() => factsQuery.data.pages.flatMap((p) => p.facts), [factsQuery.data]);
  const contradictions = useMemo(() => contradictionsQuery.data.pages.flatMap((p) => p.contradictions), [contradictionsQuery.data]);
  const charts = useMemo(() => ({ retention: retentionPoints(turns), fidelity: fidelitySeries(handoffs), context: contextSeries(context) }), [turns, handoffs, context]);
  const { session: s, metrics: m } = detail;
  const partialTurns = turnsQuery.hasNextPage && turns.length > 0;

  return (
    <>
      <Panel title={`Turns (${count(s.traces)})`}>
        <TurnTimeline traces={turns} />
        <LoadMore query={turnsQuery} shown={turns.length} total={s.traces} what="turns" />
      </Panel>
      {(partialTurns || handoffsQuery.hasNextPage || contextTruncated) && (
        <p className="text-xs text-zinc-500">
          The charts show what is loaded: {partialTurns ? `turns 1–${count(turns.length)} of ${count(s.traces)}` : 'every turn'}
          {handoffsQuery.hasNextPage ? `, ${count(handoffs.length)} of ${count(m.handoffs)} handoffs` : ''}
          {contextTruncated ? ', the first context sizes of some pages' : ''}. Load more to chart more.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Retention per turn">
          <RetentionChart points={charts.retention} />
        </Panel>
        <Panel title="Fidelity per handoff">
          <FidelityChart series={charts.fidelity} />
        </Panel>
        <Panel title="Context size">
          <ContextChart series={charts.context} />
        </Panel>
      </div>
      <ContradictionList
        contradictions={contradictions}
        total={m.contradictions}
        pending={detail.analysisPending}
        previousSessionId={m.previousSessionId}
        more={<LoadMore query={contradictionsQuery} shown={contradictions.length} total={m.contradictions} what="contradictions" />}
      />
      <FactLedger facts={facts} turns={turns} pending={detail.analysisPending} more={<LoadMore query={factsQuery} shown={facts.length} what="observations" />} />
      <SessionHandoffs handoffs={handoffs} total={m.handoffs} more={<LoadMore query={handoffsQuery} shown={handoffs.length} total={m.handoffs} what="handoffs" />} />
    </>
  );
}
