-- 003_identity_history: a corrected identity keeps its earlier version
-- (DESIGN invariant 5, COR-2), sealed with the subject's key like the
-- current one.
CREATE TABLE subject_identity_version (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  identity     BLOB NOT NULL,
  replaced_at  TEXT NOT NULL,
  replaced_by  TEXT NOT NULL
);
CREATE INDEX subject_identity_version_subject
  ON subject_identity_version(tenant_id, subject_id, id);
