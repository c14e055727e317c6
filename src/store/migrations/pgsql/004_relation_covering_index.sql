-- 004_relation_covering_index: the care relation check of every request
-- (ACC-2) is answered from the index alone, without visiting the table
-- (on PostgreSQL an index-only scan, as far as the visibility map allows).
DROP INDEX care_relation_lookup;
CREATE INDEX care_relation_lookup
  ON care_relation(tenant_id, user_id, subject_id, valid_from, valid_until, relation);
