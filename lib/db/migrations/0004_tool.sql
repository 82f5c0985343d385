-- The tool a span executes (DESIGN §3.1 agent model; docs/semantic-mapping.md
-- lists the attributes it is read from).
ALTER TABLE spans ADD COLUMN IF NOT EXISTS tool LowCardinality(String);
