-- Memoria schema 1 for SQLite. Never edit this file once released: add 0002_….sql.
--
-- Ids (of records and accounts) are UUIDs as 16-byte BLOBs: they sort byte by byte,
-- which is also the order of their hyphenated text, as on PostgreSQL; in the sqlite3
-- shell, lower(hex(id)) shows them. Timestamps are TEXT in one fixed format that sorts
-- as text. Bodies and changes are JSON text.

-- The migrations applied to this file, one row each (PRAGMA user_version holds the
-- latest, so that a newer file is recognised before anything is read).
CREATE TABLE memoria_schema (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

CREATE TABLE records (
    id         BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    kind       TEXT NOT NULL,
    -- The collection the record belongs to (its own id for a collection); filled from
    -- the parent at write time for acts, claims and list records.
    collection BLOB,
    parent     BLOB,
    version    INTEGER NOT NULL CHECK (version >= 1),
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BLOB NOT NULL
);

CREATE INDEX records_kind_collection_id ON records (kind, collection, id);
CREATE INDEX records_parent_id ON records (parent, id);

-- A rowid table, not WITHOUT ROWID: record ids are random, and an import appends rows
-- at the end of the table while only the small key index takes random inserts.
CREATE TABLE revisions (
    record_id BLOB NOT NULL,
    version   INTEGER NOT NULL,
    account   BLOB NOT NULL,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    -- A JSON array of {"field", "before"?, "after"?}; a missing key means the field
    -- was absent, which is not the same as a JSON null.
    changes   TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);

-- Append-only. INTEGER PRIMARY KEY is the rowid, assigned max+1; rows are never
-- deleted, so it only grows (AUTOINCREMENT would add a write per insert for nothing).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    account   BLOB NOT NULL,
    action    TEXT NOT NULL,
    record_id BLOB,
    detail    TEXT NOT NULL
);

CREATE TABLE accounts (
    id            BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    is_admin      INTEGER NOT NULL CHECK (is_admin IN (0, 1)),
    disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL
);
