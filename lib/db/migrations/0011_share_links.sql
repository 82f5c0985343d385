-- Share links (docs/security.md, "Share links"): one resource, frozen in time,
-- expiring, revocable, optionally redacted. The token is stored only as its
-- SHA-256. Rows are rewritten with a higher version (a revocation) and read
-- through FINAL. Never cut by BATON_RETENTION_DAYS.
CREATE TABLE IF NOT EXISTS share_links
(
    id String,
    token_hash String,
    resource LowCardinality(String),
    target String,
    project String,
    from_ms Int64,
    to_ms Int64,
    redact LowCardinality(String),
    -- 0: never expires (admins only).
    expires_ms Int64,
    created_by String,
    created_at DateTime64(3, 'UTC'),
    revoked UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- One row per opening of a share link: the count and the last view.
CREATE TABLE IF NOT EXISTS share_views
(
    link_id String,
    time DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (link_id, time);
