-- Schema v14: frozen metric panels behind share links (docs/security.md,
-- "Share links"). A link to a panel with a frozen range keeps the series as
-- they were when it was made, so the link shows the same chart next year,
-- whatever retention has removed since (a live panel reads the store).
-- One row per link; never cut by BATON_RETENTION_DAYS.
CREATE TABLE IF NOT EXISTS share_panels
(
    link_id String,
    -- The API's answer, `{"series":[...]}`, as JSON.
    series String CODEC(ZSTD(3)),
    created_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY link_id;
