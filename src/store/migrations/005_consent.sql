-- 005_consent: representatives (REP-1 to REP-3, REP-6), capacity
-- assessments (REP-4) and the consent registry (CON-1 to CON-4).

-- A person who may act for a subject. The name is sealed with the
-- subject's key like the rest of their personal data.
CREATE TABLE representative (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenant(id),
  uid            TEXT NOT NULL UNIQUE,
  subject_id     INTEGER NOT NULL REFERENCES subject(id),
  kind           TEXT NOT NULL,
  name           BLOB NOT NULL,
  declines       INTEGER NOT NULL DEFAULT 0,
  absent         INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  ended_at       TEXT
);
CREATE INDEX representative_subject ON representative(tenant_id, subject_id);

-- REP-4: capacity is an assessment, by whom, when, for what matter.
CREATE TABLE capacity_assessment (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  able         INTEGER NOT NULL,
  assessed_on  TEXT NOT NULL,
  assessed_by  TEXT NOT NULL,
  matter       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX capacity_subject ON capacity_assessment(tenant_id, subject_id);

-- CON-1: demonstrable consent: who gave it (REP-6), when, in what form,
-- the evidence, and its scope. CON-3: withdrawn from a moment on.
CREATE TABLE consent (
  id                     INTEGER PRIMARY KEY,
  tenant_id              INTEGER NOT NULL REFERENCES tenant(id),
  uid                    TEXT NOT NULL UNIQUE,
  subject_id             INTEGER NOT NULL REFERENCES subject(id),
  representative_id      INTEGER REFERENCES representative(id),
  representative_basis   TEXT,
  form                   TEXT NOT NULL
    CHECK (form IN ('written', 'verbal', 'electronic', 'conduct')),
  evidence               TEXT,
  explicit               INTEGER NOT NULL,
  purpose                TEXT NOT NULL,
  categories             TEXT NOT NULL,
  recipient_kind         TEXT,
  valid_from             TEXT NOT NULL,
  valid_until            TEXT,
  given_at               TEXT NOT NULL,
  recorded_by            TEXT NOT NULL,
  withdrawn_at           TEXT,
  withdrawn_by           TEXT
);
CREATE INDEX consent_subject ON consent(tenant_id, subject_id, purpose);
