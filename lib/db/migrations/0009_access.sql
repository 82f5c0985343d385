-- Who may sign in (docs/security.md). Small tables that change: each change
-- writes the row again with a higher version and reads go through FINAL, so a
-- change (a disabled account, a session signed out) is seen by the next read.

-- People who may sign in: with a password (local accounts, scrypt hashes
-- only), through an OpenID provider (issuer + subject), or both.
CREATE TABLE IF NOT EXISTS users
(
    id String,
    email String,
    name String,
    password_hash String,
    oidc_issuer String,
    oidc_subject String,
    disabled UInt8,
    created_at DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- What a person may do in a project: viewer, editor or admin. Project '*'
-- stands for every project (the first admin gets it).
CREATE TABLE IF NOT EXISTS memberships
(
    user_id String,
    project String,
    role LowCardinality(String),
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (user_id, project);

-- Signed-in sessions; the cookie carries the id, signed with BATON_AUTH_SECRET.
CREATE TABLE IF NOT EXISTS auth_sessions
(
    id String,
    user_id String,
    created_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    revoked UInt8,
    ip String,
    user_agent String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- Who did what, when, from where (docs/security.md, "Audit log"). Never
-- rewritten; kept whatever BATON_RETENTION_DAYS says.
CREATE TABLE IF NOT EXISTS audit_log
(
    time DateTime64(3, 'UTC'),
    action LowCardinality(String),
    outcome LowCardinality(String),
    actor_id String,
    actor String,
    project String,
    target String,
    ip String,
    user_agent String,
    detail String
)
ENGINE = MergeTree
ORDER BY time;
