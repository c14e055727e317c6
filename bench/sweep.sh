#!/usr/bin/env bash
# The retention sweep's cost follows what is due, not the database
# (RET-4, docs/performance.md "The retention sweep"). For each size N
# (entries; default 1M and 10M) it makes an SQLite database from the
# demo and adds, directly in bulk with SQL:
#   - N/100 due entries: financial entries from 2010 of N/10000 clients
#     whose whole record is due (their last change is 2010), so that the
#     sweep destroys whole records (store_erase_subject and the key) and
#     never opens or reseals the dummy ciphertext;
#   - the other 99% as care entries of clients changed today, 1000 each,
#     which are never due before 2046.
# Each bulk client gets a key file (the start checks that every client
# has one; it is never unwrapped). It then times `retention run
# --dry-run` (candidates found and decided, nothing changed) three times
# and `retention due` as the DPO (what the dashboard asks) three times,
# and the real run once, with --on 2034-01-01, and prints the medians and
# the ratio of the largest size to the smallest.
#
# usage: bench/sweep.sh BUILD_DIR [N...]
# ZK_SWEEP_DUE=D makes D entries due at every size (the same due work in
# a larger database) instead of 1%.
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
root=$(cd "$(dirname "$0")/.." && pwd)
zk=$root/$build/zorgkluis
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zksweep.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
on=2034-01-01

secs() { # COMMAND...: wall seconds of COMMAND
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A dry real due_t
for n in "${sizes[@]}"; do
  db=$tmp/sweep_$n.db
  rm -rf "$db" "$db.keys"
  "$zk" init --db "$db" --profile "$root/profiles/micare-werkt.json" --demo >/dev/null
  due=${ZK_SWEEP_DUE:-$((n / 100))}
  dsub=$((due / 100))
  ksub=$(((n - due) / 1000))
  t0=$(date +%s)
  # The entry trigger of migration 031 moves the record's last change per
  # row; the bulk rows carry their subject's own date, which the subject
  # trigger already set, so it is dropped for the load and made again.
  trig=$(sqlite3 "$db" "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'subject_retention_entry'")
  # The entry table's secondary indexes are dropped for the load and
  # built once after it: a sort of the whole table is much cheaper than
  # ten million inserts at random places in three B-trees. The uid's
  # unique index stays (it is the column's constraint); the bulk uids are
  # made in the order the rows are inserted, so that it only grows at its
  # end. The database is thrown away after the bench, so it is loaded
  # without a journal and without syncs.
  idx=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry' AND sql IS NOT NULL")
  drop=$(sqlite3 "$db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry' AND sql IS NOT NULL")
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
DROP TRIGGER subject_retention_entry;
$drop
CREATE TEMP TABLE tpl AS SELECT team_id, identity FROM subject
  WHERE tenant_id = 1 AND kind = 'client' ORDER BY id LIMIT 1;
CREATE TEMP TABLE author AS SELECT id FROM staff_user WHERE tenant_id = 1 LIMIT 1;
BEGIN;
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $dsub + $ksub)
INSERT INTO subject (tenant_id, uid, kind, team_id, identity, created_at, updated_at)
  SELECT 1, printf('b0000000-0000-4000-8000-%012x', k), 'client', tpl.team_id,
         tpl.identity,
         CASE WHEN k <= $dsub THEN '2010-01-01T00:00:00Z' ELSE '2026-12-01T00:00:00Z' END,
         CASE WHEN k <= $dsub THEN '2010-01-01T00:00:00Z' ELSE '2026-12-01T00:00:00Z' END
  FROM i, tpl;
CREATE TEMP TABLE bulk AS SELECT id, uid, created_at < '2011' AS due FROM subject
  WHERE uid LIKE 'b0000000-%';
WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k < 99)
INSERT INTO entry (tenant_id, uid, subject_id, category, author_id, purpose,
                   legal_basis, content, created_at)
  SELECT 1, printf('%08x-0000-4000-8e01-%012x', b.id, k), b.id, 'financial',
         (SELECT id FROM author), 'administration', 'contract', x'00',
         '2010-01-01T00:00:00Z'
  FROM bulk b CROSS JOIN i WHERE b.due;
WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k < 999)
INSERT INTO entry (tenant_id, uid, subject_id, category, author_id, purpose,
                   legal_basis, content, created_at)
  SELECT 1, printf('%08x-0000-4000-8e02-%012x', b.id, k), b.id, 'care',
         (SELECT id FROM author), 'care', 'contract', x'00',
         '2026-12-01T00:00:00Z'
  FROM bulk b CROSS JOIN i WHERE NOT b.due;
COMMIT;
$idx
$trig;
PRAGMA journal_mode = WAL;
.output $tmp/uids
SELECT uid FROM bulk;
.output stdout
SQL
  kd=$db.keys/subjects/1
  tpl=$(ls "$kd" | head -1)
  # One tee per batch of names writes the template to all of them: a
  # cp per client took minutes at 10M (11,000 processes).
  sed "s|.*|$kd/&.0.key|" "$tmp/uids" >"$tmp/keyfiles"
  xargs -a "$tmp/keyfiles" sh -c 'tee "$@" <"$0" >/dev/null' "$kd/$tpl"
  entries=$(sqlite3 "$db" "SELECT count(*) FROM entry")
  echo "sweep bench: $n: $entries entries, $due due in $dsub records, made in $(($(date +%s) - t0)) s"
  runs=()
  for _ in 1 2 3; do
    runs+=("$(secs "$zk" retention run --db "$db" --tenant micare-werkt --on $on --dry-run)")
  done
  dry[$n]=$(median "${runs[@]}")
  grep -o 'candidates=[0-9]* records=[0-9]* entries=[0-9]*' "$tmp/out" | sed 's/^/sweep bench:   dry run: /'
  # What the DPO's dashboard asks (GET retention/due), as the DPO.
  dues=()
  for _ in 1 2 3; do
    dues+=("$(secs "$zk" retention due --db "$db" --tenant micare-werkt --as dpo --on $on)")
  done
  due_t[$n]=$(median "${dues[@]}")
  real[$n]=$(secs "$zk" retention run --db "$db" --tenant micare-werkt --on $on)
  grep -o 'candidates=[0-9]* records=[0-9]* entries=[0-9]*' "$tmp/out" | sed 's/^/sweep bench:   run:     /'
  echo "sweep bench: $n: dry run median ${dry[$n]} s (${runs[*]}), due median ${due_t[$n]} s (${dues[*]}), run ${real[$n]} s"
  "$zk" audit verify --db "$db" | sed 's/^/sweep bench:   /'
  rm -rf "$db" "$db-wal" "$db-shm" "$db.keys"
done
first=${sizes[0]}
last=${sizes[${#sizes[@]}-1]}
if [ "$first" != "$last" ]; then
  echo "sweep bench: ratio $last/$first: dry run $(echo "scale=2; ${dry[$last]} / ${dry[$first]}" | bc), run $(echo "scale=2; ${real[$last]} / ${real[$first]}" | bc) (sizes $(echo "$last / $first" | bc)x, due $(echo "$last / $first" | bc)x)"
fi
