-- 010_relation_epoch: ACC-2. A server keeps the care relations in memory
-- (src/store/relindex.c). Every change to a relation raises its tenant's
-- relation epoch in the same transaction and stamps the row with it, so
-- a copy can tell that it is old and load only what changed. Deleting a
-- relation also moves "reset", which makes every copy reload in full.
CREATE TABLE relation_epoch (
  tenant_id  INTEGER PRIMARY KEY REFERENCES tenant(id),
  epoch      INTEGER NOT NULL,
  reset      INTEGER NOT NULL
);
INSERT INTO relation_epoch (tenant_id, epoch, reset)
  SELECT id, 0, 0 FROM tenant;

-- The epoch only moves forward and is never removed: a copy that holds a
-- later epoch than the table shows would never load again.
CREATE TRIGGER relation_epoch_forward BEFORE UPDATE ON relation_epoch
  WHEN NEW.epoch < OLD.epoch OR NEW.reset < OLD.reset
    OR NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
  SELECT RAISE(ABORT, 'the relation epoch only moves forward');
END;
CREATE TRIGGER relation_epoch_kept BEFORE DELETE ON relation_epoch
BEGIN
  SELECT RAISE(ABORT, 'the relation epoch is kept');
END;

ALTER TABLE care_relation ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
CREATE INDEX care_relation_epoch ON care_relation(tenant_id, epoch);

CREATE TRIGGER care_relation_epoch_insert AFTER INSERT ON care_relation
BEGIN
  INSERT INTO relation_epoch (tenant_id, epoch, reset)
    VALUES (NEW.tenant_id, 1, 0)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = epoch + 1;
  UPDATE care_relation SET epoch =
    (SELECT epoch FROM relation_epoch WHERE tenant_id = NEW.tenant_id)
    WHERE id = NEW.id;
END;

-- A relation keeps its ids and parties; only its kind and period change.
-- (An UPDATE OR REPLACE of a unique column could delete another row
-- without the delete trigger below.)
CREATE TRIGGER care_relation_parties BEFORE UPDATE OF id, uid, tenant_id,
  user_id, subject_id ON care_relation
  WHEN NEW.id IS NOT OLD.id OR NEW.uid IS NOT OLD.uid
    OR NEW.tenant_id IS NOT OLD.tenant_id OR NEW.user_id IS NOT OLD.user_id
    OR NEW.subject_id IS NOT OLD.subject_id
BEGIN
  SELECT RAISE(ABORT, 'the parties of a care relation do not change');
END;

-- An INSERT OR REPLACE deletes the row it replaces without firing the
-- delete trigger: count it as a deletion before it happens.
CREATE TRIGGER care_relation_epoch_replace BEFORE INSERT ON care_relation
  WHEN EXISTS (SELECT 1 FROM care_relation
               WHERE id = NEW.id OR uid = NEW.uid)
BEGIN
  INSERT INTO relation_epoch (tenant_id, epoch, reset)
    VALUES (NEW.tenant_id, 1, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = epoch + 1,
      reset = epoch + 1;
  UPDATE relation_epoch SET epoch = epoch + 1, reset = epoch + 1
    WHERE tenant_id IN (SELECT tenant_id FROM care_relation
                        WHERE (id = NEW.id OR uid = NEW.uid)
                          AND tenant_id IS NOT NEW.tenant_id);
END;

CREATE TRIGGER care_relation_epoch_update AFTER UPDATE OF relation,
  valid_from, valid_until ON care_relation
BEGIN
  INSERT INTO relation_epoch (tenant_id, epoch, reset)
    VALUES (NEW.tenant_id, 1, 0)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = epoch + 1;
  UPDATE care_relation SET epoch =
    (SELECT epoch FROM relation_epoch WHERE tenant_id = NEW.tenant_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER care_relation_epoch_delete AFTER DELETE ON care_relation
BEGIN
  INSERT INTO relation_epoch (tenant_id, epoch, reset)
    VALUES (OLD.tenant_id, 1, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET epoch = epoch + 1,
      reset = epoch + 1;
END;
