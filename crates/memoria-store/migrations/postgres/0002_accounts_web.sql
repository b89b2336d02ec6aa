-- Memoria schema 2 for PostgreSQL: what a server needs to let people in. Never edit
-- this file once released: add 0003_….sql.
--
-- Secrets are kept only as SHA-256 digests (session and API tokens). Times of day are
-- text timestamps in the "C" collation as in schema 1; the sign-in counters count in
-- unix seconds. Several server processes share these rows: the store writes them with
-- single statements (upserts, conditional updates) or under row locks.

-- One row per account that changed a setting; an account without a row has the
-- defaults.
CREATE TABLE account_settings (
    account        uuid PRIMARY KEY REFERENCES accounts (id),
    language       text COLLATE "C" NOT NULL DEFAULT 'en',
    -- The TOTP shared secret as the server encodes it; never in the audit log.
    totp_secret    text,
    totp_enabled   boolean NOT NULL DEFAULT false,
    -- The last TOTP time step accepted, so that no code is accepted twice.
    totp_last_step bigint
);

-- An account's role in a collection. Purging the collection removes its memberships.
CREATE TABLE memberships (
    account    uuid NOT NULL REFERENCES accounts (id),
    collection uuid NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    role       text COLLATE "C" NOT NULL,
    PRIMARY KEY (account, collection)
);

CREATE INDEX memberships_collection ON memberships (collection, account);

-- Browser sessions, kept after sign-out (ended_at) so that a stolen cookie opens
-- nothing and the history of sign-ins can be read.
CREATE TABLE sessions (
    digest             bytea PRIMARY KEY CHECK (octet_length(digest) = 32),
    account            uuid NOT NULL REFERENCES accounts (id),
    created_at         text COLLATE "C" NOT NULL,
    last_seen_at       text COLLATE "C" NOT NULL,
    ended_at           text COLLATE "C",
    second_factor_done boolean NOT NULL,
    csrf_key           bytea NOT NULL
);

CREATE INDEX sessions_account ON sessions (account);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    account      uuid NOT NULL REFERENCES accounts (id),
    digest       bytea NOT NULL UNIQUE CHECK (octet_length(digest) = 32),
    label        text NOT NULL,
    created_at   text COLLATE "C" NOT NULL,
    last_used_at text COLLATE "C",
    revoked_at   text COLLATE "C"
);

CREATE INDEX api_tokens_account ON api_tokens (account, created_at);

-- Failed sign-in attempts per key ("account:<uuid>", "address:<sha256 hex>").
CREATE TABLE sign_in_counters (
    key          text COLLATE "C" PRIMARY KEY,
    window_start bigint NOT NULL,
    failures     integer NOT NULL CHECK (failures >= 0),
    locked_until bigint
);
