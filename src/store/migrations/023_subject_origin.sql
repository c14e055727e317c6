-- 023_subject_origin: INF-2. A subject whose data was obtained from
-- another controller (a transfer received at POST /fhir, POR-2) keeps
-- where it came from and when, so that the information-duty report can
-- name the source until the subject is informed. The source may say
-- where the subject received care, so it is sealed with their key.
CREATE TABLE subject_origin (
  subject_id   INTEGER PRIMARY KEY REFERENCES subject(id),
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  source       BLOB NOT NULL,
  obtained_at  TEXT NOT NULL
);
