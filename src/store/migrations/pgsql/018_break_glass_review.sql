-- 018_break_glass_review: ACC-6, FG-2. The DPO's review of an emergency
-- access: justified, or not justified with the measure taken (M§17). The
-- measure is sealed with the subject's key, like the reason. A review is
-- decided once: what was decided is not changed afterwards.
ALTER TABLE break_glass ADD COLUMN verdict TEXT COLLATE "C"
  CHECK (verdict IS NULL OR verdict IN ('justified', 'not_justified'));
ALTER TABLE break_glass ADD COLUMN measure BYTEA;

CREATE INDEX break_glass_pending ON break_glass(tenant_id, reviewed_at, id);

CREATE FUNCTION break_glass_reviewed_once() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a break-the-glass review is decided once'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER break_glass_reviewed_once BEFORE UPDATE ON break_glass
  FOR EACH ROW
  WHEN (OLD.reviewed_at IS NOT NULL)
  EXECUTE FUNCTION break_glass_reviewed_once();

-- A review names its reviewer and verdict, and a verdict of not
-- justified names its measure. (When both triggers refuse, both engines
-- report this one: SQLite fires the later trigger first, PostgreSQL in
-- the order of the names.)
CREATE FUNCTION break_glass_review_whole() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a break-the-glass review is incomplete'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER break_glass_review_whole BEFORE UPDATE ON break_glass
  FOR EACH ROW
  WHEN (NEW.reviewed_at IS NOT NULL AND (NEW.reviewed_by IS NULL
    OR NEW.verdict IS NULL
    OR (NEW.verdict = 'not_justified' AND NEW.measure IS NULL)))
  EXECUTE FUNCTION break_glass_review_whole();
