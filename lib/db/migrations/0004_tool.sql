-- The tool a span executes (part of the agent model; docs/semantic-mapping.md
-- lists the attributes it is read from).
ALTER TABLE spans ADD COLUMN IF NOT EXISTS tool LowCardinality(String);
