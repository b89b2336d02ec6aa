-- Memoria schema 2 for SQLite: what a server needs to let people in. Never edit this
-- file once released: add 0003_….sql.
--
-- Secrets are kept only as SHA-256 digests (session and API tokens). Times of day are
-- TEXT timestamps as in schema 1; the sign-in counters count in unix seconds. The
-- writer connection enforces the foreign keys (PRAGMA foreign_keys), so that these
-- tables mean on SQLite what they mean on PostgreSQL.

-- One row per account that changed a setting; an account without a row has the
-- defaults.
CREATE TABLE account_settings (
    account        BLOB NOT NULL PRIMARY KEY REFERENCES accounts (id),
    language       TEXT NOT NULL DEFAULT 'en',
    -- The TOTP shared secret as the server encodes it; never in the audit log.
    totp_secret    TEXT,
    totp_enabled   INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    -- The last TOTP time step accepted, so that no code is accepted twice.
    totp_last_step INTEGER
);

-- An account's role in a collection. Purging the collection removes its memberships.
CREATE TABLE memberships (
    account    BLOB NOT NULL REFERENCES accounts (id),
    collection BLOB NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    PRIMARY KEY (account, collection)
) WITHOUT ROWID;

CREATE INDEX memberships_collection ON memberships (collection, account);

-- Browser sessions, kept after sign-out (ended_at) so that a stolen cookie opens
-- nothing and the history of sign-ins can be read.
CREATE TABLE sessions (
    digest             BLOB NOT NULL PRIMARY KEY CHECK (length(digest) = 32),
    account            BLOB NOT NULL REFERENCES accounts (id),
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    ended_at           TEXT,
    second_factor_done INTEGER NOT NULL CHECK (second_factor_done IN (0, 1)),
    csrf_key           BLOB NOT NULL
);

CREATE INDEX sessions_account ON sessions (account);

CREATE TABLE api_tokens (
    id           BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    account      BLOB NOT NULL REFERENCES accounts (id),
    digest       BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE INDEX api_tokens_account ON api_tokens (account, created_at);

-- Failed sign-in attempts per key ("account:<uuid>", "address:<sha256 hex>").
CREATE TABLE sign_in_counters (
    key          TEXT NOT NULL PRIMARY KEY,
    window_start INTEGER NOT NULL,
    failures     INTEGER NOT NULL CHECK (failures >= 0),
    locked_until INTEGER
) WITHOUT ROWID;
