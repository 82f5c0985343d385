-- Every session a trace's spans name, merged across batches. 0003 added
-- `session_id` as a plain column, which an AggregatingMergeTree merge keeps
-- from an arbitrary row: a trace whose session-naming root arrived in another
-- batch than its children could lose it, and the analyzer would no longer
-- find the trace by session. An array merged by union cannot lose one. The
-- trace's own session stays the `session` tuple (the earliest naming span);
-- this column is only the index that finds candidate traces for a session.
-- Parts written before this migration read it from their `session` tuple.
ALTER TABLE traces ADD COLUMN IF NOT EXISTS session_ids SimpleAggregateFunction(groupUniqArrayArray, Array(String))
    DEFAULT if(session.3 = '', [], [session.3]);
ALTER TABLE traces ADD INDEX IF NOT EXISTS idx_session_ids session_ids TYPE bloom_filter(0.01) GRANULARITY 1;
ALTER TABLE traces DROP INDEX IF EXISTS idx_session;
ALTER TABLE traces DROP COLUMN IF EXISTS session_id;
