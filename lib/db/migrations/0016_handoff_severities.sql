-- Schema v16: critical and warning handoffs per session (docs/analysis.md,
-- "Score"): any critical handoff keeps a session's score below the consistent
-- band, warnings below 100, so the analyzer keeps their counts with its other
-- running sums, per turn and per session. Rows written before stay 0 until
-- their session is analysed again.
ALTER TABLE session_turns ADD COLUMN IF NOT EXISTS critical_handoffs UInt32 DEFAULT 0;
ALTER TABLE session_turns ADD COLUMN IF NOT EXISTS warning_handoffs UInt32 DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS critical_handoffs UInt32 DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS warning_handoffs UInt32 DEFAULT 0;
