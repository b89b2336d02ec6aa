-- Memoria schema 3 for SQLite: the transparency log. Never edit this file once
-- released: add 0004_….sql.
--
-- Every audit entry becomes a leaf of an append-only Merkle tree (RFC 6962 hashing,
-- see the memoria-tlog crate). The entry's position in the log is `audit.log_index`,
-- given in the transaction that wrote the entry, just before it commits; entries
-- written before this schema get theirs at the first audited commit after it.

ALTER TABLE audit ADD COLUMN log_index INTEGER;

CREATE UNIQUE INDEX audit_log_index ON audit (log_index) WHERE log_index IS NOT NULL;
CREATE INDEX audit_unlogged ON audit (seq) WHERE log_index IS NULL;

-- The history of one record in the audit log: the custody of an evidence item.
CREATE INDEX audit_record ON audit (record_id, seq) WHERE record_id IS NOT NULL;

-- How many entries the log holds. One row; appending takes it (the writer lock already
-- serialises appends on SQLite).
CREATE TABLE log_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL CHECK (size >= 0)
);
INSERT INTO log_head (id, size) VALUES (1, 0);

-- The hash of every complete subtree, at its stored index (leaf hashes and the interior
-- nodes they complete, in the order they became known).
CREATE TABLE log_hashes (
    idx  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL CHECK (length(hash) = 32)
);

-- Checkpoints the log key signed: C2SP signed notes, kept so that a later tree can be
-- proved consistent with each of them and `memoria verify` can check the newest.
CREATE TABLE log_checkpoints (
    size      INTEGER PRIMARY KEY CHECK (size >= 0),
    signed_at TEXT NOT NULL,
    note      TEXT NOT NULL
);
