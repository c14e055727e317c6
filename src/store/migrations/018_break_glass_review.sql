-- 018_break_glass_review: ACC-6, FG-2. The DPO's review of an emergency
-- access: justified, or not justified with the measure taken (M§17). The
-- measure is sealed with the subject's key, like the reason. A review is
-- decided once: what was decided is not changed afterwards.
ALTER TABLE break_glass ADD COLUMN verdict TEXT
  CHECK (verdict IS NULL OR verdict IN ('justified', 'not_justified'));
ALTER TABLE break_glass ADD COLUMN measure BLOB;

CREATE INDEX break_glass_pending ON break_glass(tenant_id, reviewed_at, id);

CREATE TRIGGER break_glass_reviewed_once BEFORE UPDATE ON break_glass
  WHEN OLD.reviewed_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a break-the-glass review is decided once');
END;

-- A review names its reviewer and verdict, and a verdict of not
-- justified names its measure.
CREATE TRIGGER break_glass_review_whole BEFORE UPDATE ON break_glass
  WHEN NEW.reviewed_at IS NOT NULL AND (NEW.reviewed_by IS NULL
    OR NEW.verdict IS NULL
    OR (NEW.verdict = 'not_justified' AND NEW.measure IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'a break-the-glass review is incomplete');
END;
