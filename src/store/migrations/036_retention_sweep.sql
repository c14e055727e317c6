-- 036_retention_sweep: the log's pruned start (LOG-6, LOG-3).
--
-- Log entries older than the log's retention are deleted from the front
-- of a tenant's chain. Each pruning leaves one row here, signed with the
-- checkpoint key (Ed25519): the first sequence number kept, the hash of
-- the entry before it (which that entry's prev_hash must equal), the day
-- before which entries were due, how many were pruned and when. `audit
-- verify` starts each chain at the newest of these rows; a log whose
-- front is gone without one, or a row that was changed, fails. No
-- personal content: numbers and hashes only.
CREATE TABLE audit_prune (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  first_seq   INTEGER NOT NULL,
  prev_hash   BLOB NOT NULL,
  before_day  TEXT NOT NULL,
  pruned      INTEGER NOT NULL,
  signed_at   TEXT NOT NULL,
  public_key  BLOB NOT NULL,
  signature   BLOB NOT NULL
);
CREATE INDEX audit_prune_chain ON audit_prune(tenant_id, first_seq);

-- RET-4: the sweep finds entries whose period counts from their creation
-- by category and day, so that its cost follows what is due.
CREATE INDEX entry_retention ON entry(tenant_id, category, created_at);
