-- 031_retention: RET-1 to RET-4. The facts the retention decision
-- (src/policy/retention.c) needs per subject, kept where a sweep can
-- find them by an index, and the legal holds (RET-3).
--
-- subject_retention: the day the subject's record last changed (WGBO
-- 7:454(3) counts the 20 years from the last change of the record, not of
-- one entry) and the day the relationship ended (end of care, of
-- employment or of the application), set explicitly. Triggers keep
-- record_changed_on: a new subject, a new entry (a correction is a new
-- entry) and a change of identity move it forward, never back (an entry
-- imported with its original date does not make the record younger).
-- Dates are YYYY-MM-DD (UTC day of the stored time). No content here.
-- subject_id is the subject's own id, never generated.
CREATE TABLE subject_retention (
  subject_id             INTEGER PRIMARY KEY REFERENCES subject(id),
  tenant_id              INTEGER NOT NULL REFERENCES tenant(id),
  record_changed_on      TEXT NOT NULL,
  relationship_ended_on  TEXT,
  ended_by               TEXT,
  ended_at               TEXT
);
CREATE INDEX subject_retention_changed
  ON subject_retention(tenant_id, record_changed_on, subject_id);
CREATE INDEX subject_retention_ended
  ON subject_retention(tenant_id, relationship_ended_on, subject_id)
  WHERE relationship_ended_on IS NOT NULL;

INSERT INTO subject_retention (subject_id, tenant_id, record_changed_on)
  SELECT s.id, s.tenant_id,
         max(substr(s.updated_at, 1, 10),
             coalesce((SELECT max(substr(e.created_at, 1, 10)) FROM entry e
                       WHERE e.subject_id = s.id), ''))
  FROM subject s;

CREATE TRIGGER subject_retention_created AFTER INSERT ON subject
BEGIN
  INSERT INTO subject_retention (subject_id, tenant_id, record_changed_on)
    VALUES (NEW.id, NEW.tenant_id, substr(NEW.created_at, 1, 10))
    ON CONFLICT (subject_id) DO UPDATE SET record_changed_on =
      max(record_changed_on, excluded.record_changed_on);
END;

CREATE TRIGGER subject_retention_identity AFTER UPDATE OF identity ON subject
  WHEN NEW.identity IS NOT NULL
BEGIN
  INSERT INTO subject_retention (subject_id, tenant_id, record_changed_on)
    VALUES (NEW.id, NEW.tenant_id, substr(NEW.updated_at, 1, 10))
    ON CONFLICT (subject_id) DO UPDATE SET record_changed_on =
      max(record_changed_on, excluded.record_changed_on);
END;

CREATE TRIGGER subject_retention_entry AFTER INSERT ON entry
BEGIN
  INSERT INTO subject_retention (subject_id, tenant_id, record_changed_on)
    VALUES (NEW.subject_id, NEW.tenant_id, substr(NEW.created_at, 1, 10))
    ON CONFLICT (subject_id) DO UPDATE SET record_changed_on =
      max(record_changed_on, excluded.record_changed_on);
END;

-- RET-3 (M§12.2, W§15.3): a legal hold keeps a subject's data, or one
-- category of it, past its period until it is lifted. The reason may say
-- what the care was about (a risk file), so it is sealed with the
-- subject's key like the other sealed columns. A lifted hold stays, with
-- who lifted it and when.
CREATE TABLE retention_hold (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  uid         TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES subject(id),
  category    TEXT CHECK (category IS NULL OR category IN ('identity', 'bsn',
                'care', 'medical', 'work_note', 'special', 'financial',
                'hr', 'application')),
  reason      BLOB NOT NULL,
  set_by      TEXT NOT NULL,
  since       TEXT NOT NULL,
  lifted_at   TEXT,
  lifted_by   TEXT,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE INDEX retention_hold_subject
  ON retention_hold(tenant_id, subject_id, id);
CREATE INDEX retention_hold_active ON retention_hold(tenant_id, subject_id)
  WHERE lifted_at IS NULL;
