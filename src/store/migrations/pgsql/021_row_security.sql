-- 021_row_security: SCOPE-3. Every query of the store names its tenant
-- (WHERE tenant_id = ?), and that filter is the wall between
-- organisations. Row-level security is a second wall behind it: should a
-- query forget its filter, every table with a tenant_id still shows and
-- accepts only the rows of the tenant the connection acts for.
--
-- The driver names that tenant before a tenant's statements
-- (db_tenant(): SELECT set_config('zk.tenant', '<id>', false)), or '*'
-- for the few store functions that span organisations by design
-- (DB_ALL_TENANTS). A connection that named none, or named '', sees no
-- row and can write none; it gets no error, only nothing.
--
-- FORCE makes the wall hold for the owner of the tables too, the role
-- zorgkluis runs as; only a superuser or a BYPASSRLS role passes it.
-- A later migration that moves data must therefore act for '*'. Checks of
-- keys (unique, foreign) look past the wall, as they must.
--
-- Tables without tenant_id stand outside it: tenant (the organisations
-- themselves), login_throttle (keyed by a hash, shared by all), key_check
-- and the driver's schema_migration.

-- The tenant the connection acts for, or NULL for none, '' or '*'.
-- The policies call both as sub-selects, which the planner runs once per
-- statement, not once per row.
CREATE FUNCTION zk_tenant() RETURNS bigint
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$SELECT CASE WHEN pg_catalog.current_setting('zk.tenant', true)
                        ~ '^[0-9]{1,18}$'
              THEN pg_catalog.current_setting('zk.tenant', true)::bigint
              END$$;

-- Whether the connection acts for every tenant ('*').
CREATE FUNCTION zk_tenant_all() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$SELECT coalesce(pg_catalog.current_setting('zk.tenant', true) = '*',
                       false)$$;

-- Every table of this schema with a tenant_id column, now: audit_log,
-- audit_checkpoint, session and relation_epoch as well as the care data.
-- scripts/check-schema-parity.sh checks that none is left out, also of
-- tables a later migration adds.
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT c.oid::regclass
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
     WHERE c.relkind = 'r'
       AND c.relnamespace = pg_catalog.current_schema()::regnamespace
       AND a.attname = 'tenant_id' AND NOT a.attisdropped
     ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_wall ON %s FOR ALL'
                   ' USING (tenant_id = (SELECT zk_tenant())'
                   '        OR (SELECT zk_tenant_all()))'
                   ' WITH CHECK (tenant_id = (SELECT zk_tenant())'
                   '             OR (SELECT zk_tenant_all()))',
                   t);
  END LOOP;
END
$$;
