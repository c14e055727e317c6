-- SEC-1: what the database trusts at start. A check value of each key
-- (a keyed BLAKE2b of a fixed label, docs/keys.md) is written at init and
-- compared at every start, so that a wrong master.key, audit.key or
-- signing key is refused before anything is read or logged with it.
CREATE TABLE key_check (
  name   TEXT COLLATE "C" PRIMARY KEY,
  value  BYTEA NOT NULL
);

-- LOG-3: an entry's metadata is bound to it: a BLAKE2b MAC, keyed with
-- the subject's key, over its tenant, subject, category, author, purpose,
-- legal basis, time, the entry it corrects, its status and its sealed
-- content (docs/keys.md). NULL only in entries from before this migration
-- until `zorgkluis audit bind` binds them.
ALTER TABLE entry ADD COLUMN meta_mac BYTEA;
