-- 035_research: the study register, its RES-1 confirmations, its exports
-- and the notes in the records they drew on (RES-1, RES-2, OBJ-1; M§6.6,
-- W§9.5, W§9.7).
--
-- A study is named for a purpose and a requester, on a basis: the
-- subjects' consent, or the RES-1 conditions (basis 'conditions'), each
-- of which a person in a role the profile names confirms. A study is
-- about no one: it is not sealed.
CREATE TABLE study (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  requester       TEXT NOT NULL,
  basis           TEXT NOT NULL CHECK (basis IN ('consent', 'conditions')),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
);
CREATE INDEX study_tenant ON study(tenant_id, name);

-- RES-1: who confirmed which condition, in which role, when: one
-- confirmation per condition, never withdrawn: a study whose ground
-- changes is registered anew.
CREATE TABLE study_condition (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  study_id        INTEGER NOT NULL REFERENCES study(id),
  res_condition   TEXT NOT NULL CHECK (res_condition IN ('public_interest',
                    'necessary', 'consent_impracticable', 'safeguards')),
  role            TEXT NOT NULL,
  confirmed_by    TEXT NOT NULL,
  confirmed_at    TEXT NOT NULL,
  UNIQUE (study_id, res_condition)
);
CREATE INDEX study_condition_study ON study_condition(tenant_id, study_id);

-- RES-2: an export released: its k, the generalisation used (one
-- "field:step" per quasi-identifier), the smallest class, what was left
-- out and why, and the SHA-256 of what went out. The data itself is not
-- kept.
CREATE TABLE study_export (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  study_id        INTEGER NOT NULL REFERENCES study(id),
  k               INTEGER NOT NULL CHECK (k >= 2),
  generalisation  TEXT NOT NULL,
  smallest_class  INTEGER NOT NULL,
  rows_released   INTEGER NOT NULL,
  suppressed      INTEGER NOT NULL,
  objected        INTEGER NOT NULL,
  without_consent INTEGER NOT NULL,
  digest          TEXT NOT NULL,
  made_at         TEXT NOT NULL,
  made_by         TEXT NOT NULL
);
CREATE INDEX study_export_study ON study_export(tenant_id, study_id);

-- M§6.6(v): the note in the record of each subject an export drew on. It
-- says that, not what: no content, so it stays after an erasure as the
-- disclosure register does.
CREATE TABLE study_note (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  subject_id      INTEGER NOT NULL REFERENCES subject(id),
  study_id        INTEGER NOT NULL REFERENCES study(id),
  export_id       INTEGER NOT NULL REFERENCES study_export(id),
  noted_at        TEXT NOT NULL
);
CREATE INDEX study_note_subject ON study_note(tenant_id, subject_id, id);
