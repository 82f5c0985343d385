-- API tokens and per-project ingest keys (docs/security.md, "API tokens" and
-- "Ingest keys"). Small tables that change, like 0009_access.sql: each change
-- writes the row again with a higher version and reads go through FINAL. The
-- secret itself is never stored, only its SHA-256 (hex). A revocation's row
-- carries a version above every other write's, so a late "last used" write
-- can never bring a revoked secret back.

-- Read-only tokens for /api/v1, one project each.
CREATE TABLE IF NOT EXISTS api_tokens
(
    id String,
    project String,
    name String,
    token_hash String,
    created_by String,
    created_at DateTime64(3, 'UTC'),
    last_used_at Nullable(DateTime64(3, 'UTC')),
    revoked UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- Keys the OTLP receivers accept; what arrives with one is written to its project.
CREATE TABLE IF NOT EXISTS ingest_keys
(
    id String,
    project String,
    name String,
    token_hash String,
    created_by String,
    created_at DateTime64(3, 'UTC'),
    last_used_at Nullable(DateTime64(3, 'UTC')),
    revoked UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
