-- 020_registers: COR-2. A correction may say why it was made. The reason
-- may describe the client, so it is sealed with the subject's key like
-- the entry's content. The original is found to point to its correction
-- through the correction's corrects_id; the index makes that a lookup.
-- entry_id is the entry's own id, never generated: no identity.
CREATE TABLE entry_correction (
  entry_id   BIGINT PRIMARY KEY REFERENCES entry(id),
  tenant_id  BIGINT NOT NULL REFERENCES tenant(id),
  reason     BYTEA NOT NULL
);
CREATE INDEX entry_corrects ON entry(tenant_id, corrects_id)
  WHERE corrects_id IS NOT NULL;
