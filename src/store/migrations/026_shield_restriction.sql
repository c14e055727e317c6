-- 026_shield_restriction: SHD-1 (M§10.1, W§11.1) and RST-1 (W§12, GDPR
-- art. 18). A shield hides one entry, or one category, of a subject from
-- everyone but the professional with final responsibility; the entry stays
-- stored. A restriction leaves a subject's data only stored until it is
-- lifted, which the subject is told of first (art. 18(3)): the notice's
-- date and channel are kept with it. Each use of a restriction exception
-- is in the log entry of the act (reason = the exception, rule RST-1), so
-- it needs no table of its own. The rows hold no content.
CREATE TABLE shield (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  uid         TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES subject(id),
  entry_id    INTEGER REFERENCES entry(id),
  category    TEXT,
  by_user     TEXT NOT NULL,
  request_id  INTEGER REFERENCES request(id),
  created_at  TEXT NOT NULL,
  lifted_at   TEXT,
  lifted_by   TEXT,
  CHECK ((entry_id IS NULL) <> (category IS NULL)),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE INDEX shield_subject ON shield(tenant_id, subject_id, id);

CREATE TABLE restriction (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  uid         TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES subject(id),
  ground      TEXT NOT NULL CHECK (ground IN ('accuracy_contested',
                'unlawful', 'legal_claim', 'objection_pending')),
  request_id  INTEGER REFERENCES request(id),
  by_user     TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  notice_at   TEXT,
  notice_channel TEXT CHECK (notice_channel IS NULL OR notice_channel IN
                ('paper', 'email', 'portal', 'in_person')),
  notice_by   TEXT,
  lifted_at   TEXT,
  lifted_by   TEXT,
  CHECK ((notice_at IS NULL) = (notice_channel IS NULL)),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL)),
  -- GDPR art. 18(3): no lifting without the notice first.
  CHECK (lifted_at IS NULL OR notice_at IS NOT NULL)
);
CREATE INDEX restriction_subject ON restriction(tenant_id, subject_id, id);
