#!/usr/bin/env bash
# The schema parity check: the PostgreSQL migrations
# (src/store/migrations/pgsql/) build the same schema as the SQLite ones
# (src/store/migrations/), and their triggers do the same.
#
# Applies every SQLite migration in order with the sqlite3 CLI to a fresh
# file, and every PostgreSQL migration with psql -v ON_ERROR_STOP=1 to a
# fresh database of a throw-away server (scripts/pg-cluster.sh), then
# compares, table by table: the columns (name, type under the mapping
# INTEGER=bigint TEXT=text BLOB=bytea, NOT NULL, default), the primary
# and unique keys, the foreign keys, the number of CHECK constraints, the
# indexes (name, columns, unique, partial; not the automatic ones of a
# key: sqlite_autoindex_*, *_pkey, *_key) and the triggers (by name).
# Then it runs the same statements on both and checks that the triggers
# move the relation epoch alike and refuse alike, with the same message
# (SQLSTATE class 23 on PostgreSQL), that the audit tables carry no
# trigger on either (docs/decisions.md: verification, not prevention),
# and that every PostgreSQL table with a tenant_id stands behind the
# row-level security wall of 021_row_security and is filtered by it.
#
# Prints each difference and exits 1 on any; 77 (skipped) when the
# sqlite3 CLI or PostgreSQL is missing.
# usage: check-schema-parity.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
root=$(pwd)
export LC_ALL=C
unset PGOPTIONS

for tool in sqlite3 psql; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "schema-parity: $tool is missing; run scripts/install-deps.sh (skipped)" >&2
    exit 77
  fi
done
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "schema-parity: PostgreSQL is not installed; run scripts/install-deps.sh (skipped)" >&2
  exit 77
fi

status=0
flat() {
  tr '\n' ' ' <<<"$1" | sed 's/ $//'
}
report() {
  echo "schema-parity: $1" >&2
  status=1
}

# The server runs as the postgres user when we are root: the scratch
# directory's parents must be searchable, and the directory ours alone.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkparity.XXXXXX") || exit 2
chmod 711 "$tmp"
trap 'bash "$root/scripts/pg-cluster.sh" stop "$tmp/pg" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP

# Both lists of migrations, numbered and named alike (the build checks
# this too, cmake/embed_migrations.cmake).
lite_files=$(cd src/store/migrations && ls *.sql | sort)
pg_files=$(cd src/store/migrations/pgsql && ls *.sql | sort)
if [ "$lite_files" != "$pg_files" ]; then
  report "the migrations differ between the engines:"
  diff <(echo "$lite_files") <(echo "$pg_files") |
    sed -n 's/^< /  only SQLite: /p; s/^> /  only PostgreSQL: /p' >&2
fi

# SQLite.
lite="$tmp/schema.db"
for f in $lite_files; do
  if ! out=$(sqlite3 -bail "$lite" <"src/store/migrations/$f" 2>&1); then
    report "SQLite migration $f failed: $out"
    exit 1
  fi
done

# PostgreSQL.
bash scripts/pg-cluster.sh start "$tmp/pg" >/dev/null || {
  echo "schema-parity: cannot start PostgreSQL" >&2
  exit 2
}
conn=$(bash scripts/pg-cluster.sh createdb "$tmp/pg" parity) || exit 2
pg() {
  psql "$conn" -X -qAt -v ON_ERROR_STOP=1 "$@"
}
for f in $pg_files; do
  if ! out=$(pg -f "src/store/migrations/pgsql/$f" 2>&1); then
    report "PostgreSQL migration $f failed: $out"
    exit 1
  fi
done

# One line per fact, the same words on both engines.
sqlite3 "$lite" >"$tmp/lite.schema" <<'EOF' || exit 2
WITH t AS (SELECT name FROM sqlite_master
           WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\')
SELECT 'table ' || t.name FROM t
UNION ALL
SELECT 'column ' || t.name || '.' || c.name || ' '
       || CASE
            -- Two sealed columns were declared TEXT in SQLite but always
            -- hold blobs; PostgreSQL, which checks types, has them BYTEA.
            WHEN t.name || '.' || c.name IN ('capacity_assessment.matter',
                                             'information_exemption.reason')
              THEN 'bytea'
            WHEN upper(c.type) = 'INTEGER' THEN 'bigint'
            WHEN upper(c.type) = 'TEXT' THEN 'text'
            WHEN upper(c.type) = 'BLOB' THEN 'bytea'
            ELSE 'unmapped ' || c.type END
       || CASE WHEN c."notnull" OR c.pk THEN ' not null' ELSE '' END
       || coalesce(' default ' || c.dflt_value, '')
  FROM t, pragma_table_info(t.name) c
UNION ALL
SELECT 'pk ' || t.name || '('
       || (SELECT group_concat(name, ',') FROM
             (SELECT name FROM pragma_table_info(t.name) WHERE pk > 0
              ORDER BY pk)) || ')'
  FROM t WHERE EXISTS (SELECT 1 FROM pragma_table_info(t.name) WHERE pk > 0)
UNION ALL
SELECT 'unique ' || t.name || '('
       || (SELECT group_concat(name, ',') FROM
             (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
       || ')'
  FROM t, pragma_index_list(t.name) il WHERE il.origin = 'u'
UNION ALL
SELECT 'index ' || t.name || ' ' || il.name
       || CASE WHEN il."unique" THEN ' unique' ELSE '' END
       || CASE WHEN il.partial THEN ' partial' ELSE '' END || ' ('
       || (SELECT group_concat(name, ',') FROM
             (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
       || ')'
  FROM t, pragma_index_list(t.name) il WHERE il.origin = 'c'
UNION ALL
SELECT 'fk ' || t.name || '(' || f."from" || ') -> ' || f."table" || '('
       || coalesce(f."to", '?') || ') on delete ' || lower(f.on_delete)
  FROM t, pragma_foreign_key_list(t.name) f
UNION ALL
SELECT 'checks ' || t.name || ' '
       || ((length(s) - length(replace(s, ' CHECK (', ''))) / 8)
  FROM t JOIN (SELECT name AS n,
                      replace(replace(replace(upper(sql), char(10), ' '),
                                      char(9), ' '), 'CHECK(', 'CHECK (') AS s
               FROM sqlite_master WHERE type = 'table') ON n = t.name
UNION ALL
SELECT 'trigger ' || tbl_name || ' ' || name FROM sqlite_master
 WHERE type = 'trigger';
EOF

pg >"$tmp/pg.schema" <<'EOF' || exit 2
WITH t AS (SELECT c.oid, c.relname FROM pg_class c
           WHERE c.relkind = 'r'
             AND c.relnamespace = current_schema()::regnamespace),
     col AS (SELECT a.attrelid, a.attnum, a.attname FROM pg_attribute a
             WHERE a.attnum > 0 AND NOT a.attisdropped)
SELECT 'table ' || t.relname FROM t
UNION ALL
SELECT 'column ' || t.relname || '.' || a.attname || ' '
       || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || coalesce(' default ' || regexp_replace(
            pg_get_expr(d.adbin, d.adrelid), '::[a-z ]+$', ''), '')
  FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0
                            AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
SELECT CASE co.contype WHEN 'p' THEN 'pk ' ELSE 'unique ' END || t.relname
       || '(' || (SELECT string_agg(col.attname, ',' ORDER BY k.ord)
                  FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                  JOIN col ON col.attrelid = t.oid
                          AND col.attnum = k.attnum) || ')'
  FROM t JOIN pg_constraint co ON co.conrelid = t.oid
                              AND co.contype IN ('p', 'u')
UNION ALL
SELECT 'index ' || t.relname || ' ' || i.relname
       || CASE WHEN x.indisunique THEN ' unique' ELSE '' END
       || CASE WHEN x.indpred IS NOT NULL THEN ' partial' ELSE '' END || ' ('
       || (SELECT string_agg(col.attname, ',' ORDER BY k.ord)
           FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
           JOIN col ON col.attrelid = t.oid AND col.attnum = k.attnum)
       || ')'
  FROM t JOIN pg_index x ON x.indrelid = t.oid
  JOIN pg_class i ON i.oid = x.indexrelid
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint co
                   WHERE co.conrelid = t.oid AND co.conindid = x.indexrelid
                     AND co.contype IN ('p', 'u'))
UNION ALL
SELECT 'fk ' || t.relname || '(' || a.attname || ') -> ' || r.relname || '('
       || ra.attname || ') on delete '
       || CASE co.confdeltype WHEN 'a' THEN 'no action'
            WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
            WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END
  FROM t JOIN pg_constraint co ON co.conrelid = t.oid AND co.contype = 'f'
  JOIN col a ON a.attrelid = t.oid AND a.attnum = co.conkey[1]
  JOIN pg_class r ON r.oid = co.confrelid
  JOIN col ra ON ra.attrelid = r.oid AND ra.attnum = co.confkey[1]
UNION ALL
SELECT 'checks ' || t.relname || ' '
       || (SELECT count(*) FROM pg_constraint co
           WHERE co.conrelid = t.oid AND co.contype = 'c')
  FROM t
UNION ALL
SELECT 'trigger ' || t.relname || ' ' || tg.tgname
  FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid AND NOT tg.tgisinternal;
EOF

sort -o "$tmp/lite.schema" "$tmp/lite.schema"
sort -o "$tmp/pg.schema" "$tmp/pg.schema"
if ! cmp -s "$tmp/lite.schema" "$tmp/pg.schema"; then
  report "the schemas differ:"
  diff "$tmp/lite.schema" "$tmp/pg.schema" |
    sed -n 's/^< /  only SQLite:     /p; s/^> /  only PostgreSQL: /p' >&2
fi

# The wall: every table with a tenant_id, RLS enabled, forced, and the
# policy tenant_wall.
walls=$(pg <<'EOF'
SELECT c.relname FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                     AND NOT a.attisdropped
 WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
   AND NOT (c.relrowsecurity AND c.relforcerowsecurity
            AND EXISTS (SELECT 1 FROM pg_policy p
                        WHERE p.polrelid = c.oid
                          AND p.polname = 'tenant_wall'))
 ORDER BY 1;
EOF
) || exit 2
for t in $walls; do
  report "PostgreSQL table $t has a tenant_id but no row-level security wall (tenant_wall, forced)"
done

# Behaviour: the same statements on both engines. The PostgreSQL session
# acts for every tenant, as the store's cross-tenant functions do.
lite_run() {
  sqlite3 -bail "$lite" "PRAGMA foreign_keys = ON; $1" 2>&1
}
pg_run() {
  PGOPTIONS="-c zk.tenant=*" pg -v VERBOSITY=verbose -c "$1" 2>&1
}
both() {
  local a b
  a=$(lite_run "$1") || report "SQLite refused: $1: $a"
  b=$(pg_run "$1") || report "PostgreSQL refused: $1: $b"
}
same() {
  local a b
  a=$(lite_run "$1")
  b=$(pg_run "$1")
  if [ "$a" != "$2" ] || [ "$b" != "$2" ]; then
    report "$3: expected $(flat "$2"), SQLite gave $(flat "$a"), PostgreSQL $(flat "$b")"
  fi
}
refused() {
  local a b
  if a=$(lite_run "$1"); then
    report "SQLite accepted: $1"
  elif ! grep -qF "$2" <<<"$a"; then
    report "SQLite refused \"$1\" otherwise: $a"
  fi
  if b=$(pg_run "$1"); then
    report "PostgreSQL accepted: $1"
  elif ! grep -qE "ERROR: +23[0-9A-Z]{3}: $2\$" <<<"$b"; then
    report "PostgreSQL refused \"$1\" otherwise (not class 23 with \"$2\"): $(head -1 <<<"$b")"
  fi
}

both "INSERT INTO tenant (id, slug, name, created_at)
        VALUES (1, 'a', 'A', '2024-01-01'), (2, 'b', 'B', '2024-01-01');
      INSERT INTO staff_user (id, tenant_id, uid, username, display_name,
                              confidentiality, created_at)
        VALUES (1, 1, 'u1', 'u1', 'U1', 'law', 'x'),
               (2, 2, 'u2', 'u2', 'U2', 'law', 'x');
      INSERT INTO subject (id, tenant_id, uid, kind, created_at, updated_at)
        VALUES (1, 1, 's1', 'client', 'x', 'x'),
               (2, 2, 's2', 'client', 'x', 'x');"
for r in "1, 1, 'r1', 1, 1, 'responsible'" "2, 1, 'r2', 1, 1, 'substitute'" \
  "3, 2, 'r3', 2, 2, 'responsible'"; do
  both "INSERT INTO care_relation (id, tenant_id, uid, user_id, subject_id,
                                   relation, valid_from, created_at)
          VALUES ($r, '2024-01-01', 'x')"
done
same "SELECT tenant_id, epoch, reset FROM relation_epoch ORDER BY 1" \
  "1|2|0
2|1|0" "the relation epoch after three inserts"
both "UPDATE care_relation SET valid_until = '2024-12-31' WHERE id = 1"
both "UPDATE care_relation SET created_at = 'y' WHERE id = 2"
same "SELECT id, epoch FROM care_relation ORDER BY 1" "1|3
2|2
3|1" "the relations' epochs after an update of a period and of no period"
both "DELETE FROM care_relation WHERE id = 2"
same "SELECT tenant_id, epoch, reset FROM relation_epoch ORDER BY 1" \
  "1|4|4
2|1|0" "the relation epoch after a delete"
refused "UPDATE relation_epoch SET epoch = 3 WHERE tenant_id = 1" \
  "the relation epoch only moves forward"
refused "UPDATE relation_epoch SET reset = 0 WHERE tenant_id = 1" \
  "the relation epoch only moves forward"
refused "UPDATE relation_epoch SET tenant_id = 3 WHERE tenant_id = 2" \
  "the relation epoch only moves forward"
refused "DELETE FROM relation_epoch WHERE tenant_id = 2" \
  "the relation epoch is kept"
refused "UPDATE care_relation SET user_id = 2 WHERE id = 1" \
  "the parties of a care relation do not change"
refused "UPDATE care_relation SET uid = 'r9' WHERE id = 1" \
  "the parties of a care relation do not change"
both "UPDATE care_relation SET uid = 'r1', subject_id = 1 WHERE id = 1"

both "INSERT INTO break_glass (id, tenant_id, uid, user_id, subject_id,
                               reason, granted_at, expires_at)
        VALUES (1, 1, 'b1', 1, 1, '\\x00', 'x', 'y')"
refused "UPDATE break_glass SET reviewed_at = 't' WHERE id = 1" \
  "a break-the-glass review is incomplete"
refused "UPDATE break_glass SET reviewed_at = 't', reviewed_by = 1,
           verdict = 'not_justified' WHERE id = 1" \
  "a break-the-glass review is incomplete"
both "UPDATE break_glass SET reviewed_at = 't', reviewed_by = 1,
        verdict = 'justified' WHERE id = 1"
refused "UPDATE break_glass SET verdict = 'not_justified', measure = '\\x00'
           WHERE id = 1" \
  "a break-the-glass review is decided once"
refused "UPDATE break_glass SET reviewed_by = NULL WHERE id = 1" \
  "a break-the-glass review is incomplete"

# The functions the store calls by SQLite's names (pgsql/001_init.sql).
same "SELECT instr('abcabc', 'ca'), instr('abc', 'z'), coalesce(instr(NULL, 'a'), -1)" \
  "3|0|-1" "instr"
same "SELECT group_concat(x, ','), count(*) FROM
        (SELECT 'a' AS x UNION ALL SELECT NULL UNION ALL SELECT 'b') AS v" \
  "a,b|3" "group_concat"
same "SELECT coalesce(group_concat(x, ','), 'none')
        FROM (SELECT 'a' AS x WHERE 0 = 1) AS v" \
  "none" "group_concat of no values"

# The audit log is append-only by verification, not by triggers: audit
# verify refuses a database with a trigger on its tables.
if [ "$(sqlite3 "$lite" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
      AND tbl_name IN ('audit_log', 'audit_checkpoint')")" != 0 ] ||
  [ "$(pg -c "SELECT count(*) FROM pg_trigger
      WHERE tgrelid IN ('audit_log'::regclass, 'audit_checkpoint'::regclass)
        AND NOT tgisinternal")" != 0 ]; then
  report "the audit tables carry a trigger, which audit verify refuses"
fi

# The wall at work: rows of two tenants, queries without a WHERE, as the
# role zorgkluis, the tables' owner and no superuser. Unset or empty, the
# tenant sees nothing.
for tenant in 1 "" unset; do
  case $tenant in
  unset) opts="" ;;
  *) opts="-c zk.tenant=$tenant" ;;
  esac
  seen=$(PGOPTIONS="$opts" pg \
    -c "SELECT coalesce(string_agg(DISTINCT tenant_id::text, ','), '-')
          FROM care_relation" \
    -c "SELECT count(*) FROM subject" 2>&1) || report "the wall: $seen"
  case $tenant in
  1) want="1 1" ;;
  *) want="- 0" ;;
  esac
  if [ "$(flat "$seen")" != "$want" ]; then
    report "the wall, tenant \"$tenant\": saw $(flat "$seen") where $want was due"
  fi
done
if out=$(PGOPTIONS="-c zk.tenant=1" pg \
  -c "INSERT INTO location (tenant_id, name) VALUES (2, 'elsewhere')" 2>&1); then
  report "the wall let tenant 1 write a row of tenant 2"
fi

if [ $status -eq 0 ]; then
  echo "schema-parity: ok ($(grep -c '^table ' "$tmp/pg.schema") tables," \
    "$(grep -c '^column ' "$tmp/pg.schema") columns," \
    "$(grep -c '^index ' "$tmp/pg.schema") indexes," \
    "$(grep -c '^trigger ' "$tmp/pg.schema") triggers)"
fi
exit $status
