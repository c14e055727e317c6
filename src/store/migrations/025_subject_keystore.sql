-- 025_subject_keystore: ERA-5. Subject keys move out of the database into
-- the key store in the key directory (docs/keys.md): key_gen names the
-- generation of the subject's key file, raised when an erasure of some
-- entries re-seals the rest under a new key. wrapped_key stays for
-- databases from before, whose keys the start moves once and then clears.
ALTER TABLE subject ADD COLUMN key_gen INTEGER NOT NULL DEFAULT 0;

-- ERA-1, ERA-3: the content-free record of an erasure: what kind of data
-- and how much (categories: a JSON object of category and count), on
-- which ground and rule, for which request, when and by whom. It holds no
-- content and survives the subject's key.
CREATE TABLE destruction (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  uid           TEXT NOT NULL UNIQUE,
  subject_id    INTEGER NOT NULL REFERENCES subject(id),
  scope         TEXT NOT NULL CHECK (scope IN ('subject', 'entries')),
  ground        TEXT NOT NULL CHECK (ground IN ('no_longer_needed',
                  'consent_withdrawn', 'objection_upheld', 'unlawful',
                  'legal_obligation', 'information_society')),
  rule          TEXT NOT NULL,
  request_id    INTEGER REFERENCES request(id),
  categories    TEXT NOT NULL,
  entries       INTEGER NOT NULL,
  key_gen       INTEGER NOT NULL,
  destroyed_at  TEXT NOT NULL,
  destroyed_by  TEXT NOT NULL
);
CREATE INDEX destruction_subject ON destruction(tenant_id, subject_id, id);

-- ERA-5: erasing some of a subject's entries re-seals the rest under a new
-- key, a reviewed emergency access's reason and measure included. The
-- review itself (who, when, verdict) is still decided once; only its
-- sealed columns may be written again, and only when both stay present.
-- Both are made again, in their order of 018: SQLite fires the later
-- trigger first, and both engines report the incomplete review first.
DROP TRIGGER break_glass_review_whole;
DROP TRIGGER break_glass_reviewed_once;
CREATE TRIGGER break_glass_reviewed_once BEFORE UPDATE ON break_glass
  WHEN OLD.reviewed_at IS NOT NULL AND (
    NEW.reviewed_at IS NOT OLD.reviewed_at
    OR NEW.reviewed_by IS NOT OLD.reviewed_by
    OR NEW.verdict IS NOT OLD.verdict
    OR NEW.id IS NOT OLD.id OR NEW.uid IS NOT OLD.uid
    OR NEW.tenant_id IS NOT OLD.tenant_id
    OR NEW.user_id IS NOT OLD.user_id
    OR NEW.subject_id IS NOT OLD.subject_id
    OR NEW.granted_at IS NOT OLD.granted_at
    OR NEW.expires_at IS NOT OLD.expires_at
    OR (NEW.measure IS NULL) IS NOT (OLD.measure IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'a break-the-glass review is decided once');
END;

CREATE TRIGGER break_glass_review_whole BEFORE UPDATE ON break_glass
  WHEN NEW.reviewed_at IS NOT NULL AND (NEW.reviewed_by IS NULL
    OR NEW.verdict IS NULL
    OR (NEW.verdict = 'not_justified' AND NEW.measure IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'a break-the-glass review is incomplete');
END;
