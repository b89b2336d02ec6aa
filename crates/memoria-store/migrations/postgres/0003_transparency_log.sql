-- Memoria schema 3 for PostgreSQL: the transparency log. Never edit this file once
-- released: add 0004_….sql.
--
-- Every audit entry becomes a leaf of an append-only Merkle tree (RFC 6962 hashing,
-- see the memoria-tlog crate). The entry's position in the log is `audit.log_index`,
-- given in the transaction that wrote the entry, just before it commits, while that
-- transaction holds the row of `log_head`: commits of several processes append one
-- after another, and an entry is in the log exactly when it is committed. Entries
-- written before this schema get theirs at the first audited commit after it.

ALTER TABLE audit ADD COLUMN log_index bigint;

CREATE UNIQUE INDEX audit_log_index ON audit (log_index) WHERE log_index IS NOT NULL;
CREATE INDEX audit_unlogged ON audit (seq) WHERE log_index IS NULL;

-- The history of one record in the audit log: the custody of an evidence item.
CREATE INDEX audit_record ON audit (record_id, seq) WHERE record_id IS NOT NULL;

CREATE TABLE log_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    size bigint NOT NULL CHECK (size >= 0)
);
INSERT INTO log_head (id, size) VALUES (1, 0);

CREATE TABLE log_hashes (
    idx  bigint PRIMARY KEY,
    hash bytea NOT NULL CHECK (length(hash) = 32)
);

CREATE TABLE log_checkpoints (
    size      bigint PRIMARY KEY CHECK (size >= 0),
    signed_at text COLLATE "C" NOT NULL,
    note      text NOT NULL
);
