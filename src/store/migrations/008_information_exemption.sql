-- 008_information_exemption: INF-2. Data obtained elsewhere need not be
-- told to the subject when informing is impossible or would take a
-- disproportionate effort, or when the law requires the recording
-- (W§8.5-8.6); the subject is then informed on request. The ground and
-- its justification are recorded, so the DPO can review them.
CREATE TABLE information_exemption (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  ground       TEXT NOT NULL
    CHECK (ground IN ('impossible', 'disproportionate', 'required_by_law')),
  reason       TEXT NOT NULL,
  recorded_by  TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX information_exemption_subject
  ON information_exemption(tenant_id, subject_id);
