-- Memoria schema 1 for PostgreSQL. Never edit this file once released: add 0002_….sql.
--
-- Ids (of records and accounts) are `uuid`, which sorts like the hyphenated text and
-- like SQLite's 16-byte BLOBs. Timestamps and other text use the "C" collation, so that
-- they sort byte by byte whatever the database's locale. Bodies and changes are `json`,
-- which keeps the text as written: export reads them back without re-serialising, which
-- `jsonb` costs (a third of a full export's time). Fields that queries filter on live in
-- projection tables or the search index, never inside the body.

-- The migrations applied to this database, one row each; the highest is the schema
-- version.
CREATE TABLE memoria_schema (
    version    bigint PRIMARY KEY,
    name       text NOT NULL,
    applied_at text NOT NULL
);

CREATE TABLE records (
    id         uuid PRIMARY KEY,
    kind       text COLLATE "C" NOT NULL,
    -- The collection the record belongs to (its own id for a collection); filled from
    -- the parent at write time for acts, claims and list records.
    collection uuid,
    parent     uuid,
    version    bigint NOT NULL CHECK (version >= 1),
    deleted    boolean NOT NULL DEFAULT false,
    body       json NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    updated_by uuid NOT NULL
);

CREATE INDEX records_kind_collection_id ON records (kind, collection, id);
CREATE INDEX records_parent_id ON records (parent, id);

CREATE TABLE revisions (
    record_id uuid NOT NULL,
    version   bigint NOT NULL,
    account   uuid NOT NULL,
    at        text COLLATE "C" NOT NULL,
    action    text COLLATE "C" NOT NULL,
    -- A JSON array of {"field", "before"?, "after"?}; a missing key means the field
    -- was absent, which is not the same as a JSON null.
    changes   json NOT NULL,
    PRIMARY KEY (record_id, version)
);

-- Append-only. Sequence values are taken when a row is written, not when its
-- transaction commits, and are lost on rollback: seq orders entries, it does not count them.
CREATE TABLE audit (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        text COLLATE "C" NOT NULL,
    account   uuid NOT NULL,
    action    text COLLATE "C" NOT NULL,
    record_id uuid,
    detail    text NOT NULL
);

CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    name          text COLLATE "C" NOT NULL UNIQUE,
    password_hash text,
    is_admin      boolean NOT NULL,
    disabled      boolean NOT NULL,
    created_at    text COLLATE "C" NOT NULL
);
