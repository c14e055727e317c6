-- 006_objection: objections to a processing (OBJ-1), registered and
-- enforced from that moment: to a purpose, or to disclosure to a kind of
-- recipient.
CREATE TABLE objection (
  id                 INTEGER PRIMARY KEY,
  tenant_id          INTEGER NOT NULL REFERENCES tenant(id),
  uid                TEXT NOT NULL UNIQUE,
  subject_id         INTEGER NOT NULL REFERENCES subject(id),
  purpose            TEXT,
  recipient_kind     TEXT,
  representative_id  INTEGER REFERENCES representative(id),
  registered_at      TEXT NOT NULL,
  registered_by      TEXT NOT NULL,
  lifted_at          TEXT,
  CHECK (purpose IS NOT NULL OR recipient_kind IS NOT NULL)
);
CREATE INDEX objection_subject ON objection(tenant_id, subject_id);
