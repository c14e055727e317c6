-- 007_information: the information duty (INF-1 to INF-3): the versions of
-- the privacy notice, and which subject was informed of which version,
-- when and how.
CREATE TABLE privacy_notice (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  version       TEXT NOT NULL,
  published_on  TEXT NOT NULL,
  summary       TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (tenant_id, version)
);

CREATE TABLE information (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  notice_id    INTEGER NOT NULL REFERENCES privacy_notice(id),
  informed_on  TEXT NOT NULL,
  how          TEXT NOT NULL
    CHECK (how IN ('in_person', 'letter', 'email', 'brochure', 'care_agreement')),
  source       TEXT NOT NULL CHECK (source IN ('subject', 'elsewhere')),
  recorded_by  TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX information_subject ON information(tenant_id, subject_id);
