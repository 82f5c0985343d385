/** The event an agent records its context with (docs/instrumentation.md). */
export const SNAPSHOT_EVENT = 'baton.context.snapshot';

export const SNAPSHOT_PHASES = ['received', 'sent', 'checkpoint', 'compaction_before', 'compaction_after'] as const;
export type SnapshotPhase = (typeof SNAPSHOT_PHASES)[number];
