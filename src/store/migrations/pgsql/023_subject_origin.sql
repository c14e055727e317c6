-- 023_subject_origin: INF-2. A subject whose data was obtained from
-- another controller (a transfer received at POST /fhir, POR-2) keeps
-- where it came from and when, so that the information-duty report can
-- name the source until the subject is informed. The source may say
-- where the subject received care, so it is sealed with their key.
-- subject_id is the subject's own id, never generated: no identity.
CREATE TABLE subject_origin (
  subject_id   BIGINT PRIMARY KEY REFERENCES subject(id),
  tenant_id    BIGINT NOT NULL REFERENCES tenant(id),
  source       BYTEA NOT NULL,
  obtained_at  TEXT COLLATE "C" NOT NULL
);

-- SCOPE-3: the row-level wall of 021.
ALTER TABLE subject_origin ENABLE ROW LEVEL SECURITY;
ALTER TABLE subject_origin FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON subject_origin FOR ALL
  USING (tenant_id = (SELECT zk_tenant()) OR (SELECT zk_tenant_all()))
  WITH CHECK (tenant_id = (SELECT zk_tenant()) OR (SELECT zk_tenant_all()));
