-- 010_relation_epoch: ACC-2. A server keeps the care relations in memory
-- (src/store/relindex.c). Every change to a relation raises its tenant's
-- relation epoch in the same transaction and stamps the row with it, so
-- a copy can tell that it is old and load only what changed. Deleting a
-- relation also moves "reset", which makes every copy reload in full.
--
-- The SQLite triggers become plpgsql trigger functions. A refusal raises
-- class 23 (integrity_constraint_violation) with SQLite's message, which
-- the driver reports like SQLite's constraint error (ZK_EEXIST).
-- relation_epoch.tenant_id is the tenant's id, never generated: no
-- identity.
CREATE TABLE relation_epoch (
  tenant_id  BIGINT PRIMARY KEY REFERENCES tenant(id),
  epoch      BIGINT NOT NULL,
  reset      BIGINT NOT NULL
);
INSERT INTO relation_epoch (tenant_id, epoch, reset)
  SELECT id, 0, 0 FROM tenant;

-- The epoch only moves forward and is never removed: a copy that holds a
-- later epoch than the table shows would never load again.
CREATE FUNCTION relation_epoch_forward() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the relation epoch only moves forward'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER relation_epoch_forward BEFORE UPDATE ON relation_epoch
  FOR EACH ROW
  WHEN (NEW.epoch < OLD.epoch OR NEW.reset < OLD.reset
    OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id)
  EXECUTE FUNCTION relation_epoch_forward();

CREATE FUNCTION relation_epoch_kept() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the relation epoch is kept'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER relation_epoch_kept BEFORE DELETE ON relation_epoch
  FOR EACH ROW EXECUTE FUNCTION relation_epoch_kept();

ALTER TABLE care_relation ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
CREATE INDEX care_relation_epoch ON care_relation(tenant_id, epoch);

-- A new relation, or a new kind or period, raises the tenant's epoch and
-- stamps the row with it (care_relation_epoch_insert and _update). The
-- stamp sets only epoch, so it fires neither UPDATE OF trigger below.
CREATE FUNCTION care_relation_epoch_stamp() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  now_epoch bigint;
BEGIN
  INSERT INTO relation_epoch AS r (tenant_id, epoch, reset)
    VALUES (NEW.tenant_id, 1, 0)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = r.epoch + 1
    RETURNING r.epoch INTO now_epoch;
  UPDATE care_relation SET epoch = now_epoch WHERE id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER care_relation_epoch_insert AFTER INSERT ON care_relation
  FOR EACH ROW EXECUTE FUNCTION care_relation_epoch_stamp();

-- A relation keeps its ids and parties; only its kind and period change.
-- (On SQLite an UPDATE OR REPLACE of a unique column could delete another
-- row without the delete trigger below.)
CREATE FUNCTION care_relation_parties() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the parties of a care relation do not change'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER care_relation_parties BEFORE UPDATE OF id, uid, tenant_id,
  user_id, subject_id ON care_relation
  FOR EACH ROW
  WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.uid IS DISTINCT FROM OLD.uid
    OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id
    OR NEW.user_id IS DISTINCT FROM OLD.user_id
    OR NEW.subject_id IS DISTINCT FROM OLD.subject_id)
  EXECUTE FUNCTION care_relation_parties();

-- On SQLite an INSERT OR REPLACE deletes the row it replaces without
-- firing the delete trigger: it is counted as a deletion before it
-- happens. PostgreSQL has no INSERT OR REPLACE, and a plain INSERT of an
-- id or uid that exists fails and undoes this count with it; the trigger
-- is kept so that both engines move the epoch alike, and so that an
-- INSERT ... ON CONFLICT DO UPDATE errs on the side of a full reload.
CREATE FUNCTION care_relation_epoch_replace() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM care_relation
             WHERE id = NEW.id OR uid = NEW.uid) THEN
    INSERT INTO relation_epoch AS r (tenant_id, epoch, reset)
      VALUES (NEW.tenant_id, 1, 1)
      ON CONFLICT (tenant_id) DO UPDATE SET epoch = r.epoch + 1,
        reset = r.epoch + 1;
    UPDATE relation_epoch SET epoch = epoch + 1, reset = epoch + 1
      WHERE tenant_id IN (SELECT c.tenant_id FROM care_relation c
                          WHERE (c.id = NEW.id OR c.uid = NEW.uid)
                            AND c.tenant_id IS DISTINCT FROM NEW.tenant_id);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER care_relation_epoch_replace BEFORE INSERT ON care_relation
  FOR EACH ROW EXECUTE FUNCTION care_relation_epoch_replace();

CREATE TRIGGER care_relation_epoch_update AFTER UPDATE OF relation,
  valid_from, valid_until ON care_relation
  FOR EACH ROW EXECUTE FUNCTION care_relation_epoch_stamp();

CREATE FUNCTION care_relation_epoch_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO relation_epoch AS r (tenant_id, epoch, reset)
    VALUES (OLD.tenant_id, 1, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = r.epoch + 1,
      reset = r.epoch + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER care_relation_epoch_delete AFTER DELETE ON care_relation
  FOR EACH ROW EXECUTE FUNCTION care_relation_epoch_delete();
