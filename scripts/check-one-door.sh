#!/usr/bin/env bash
# The one-door check (DESIGN invariant 1): only src/service may reach
# personal data, and only src/store may speak SQL.
#
# Fails when code under src/ outside src/service and src/store
#   - calls a store function that reads or writes personal data
#     (store_subject_*, store_entry_*, store_relation_*, store_break_glass_*,
#     store_representative_*, store_capacity_*, store_consent_*,
#     store_objection_*, store_information_*),
#   - names a personal-data table in SQL, or
#   - uses the SQLite or libpq API directly.
# and when code in src/service uses SQL itself instead of the store.
# Tests are not product code and may tamper with a database directly.
#
# usage: check-one-door.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2

status=0
report() {
  echo "one-door: $1" >&2
  status=1
}

outside=$(find src -name '*.[ch]' ! -path 'src/service/*' ! -path 'src/store/*' | sort)
service=$(find src/service -name '*.[ch]' 2>/dev/null | sort)

personal_calls='\bstore_(subject|entry|relation|break_glass|representative|capacity|consent|objection|information|rq|copy|recipient|disclosure|rnotice)_[a-z_]+[[:space:]]*\('
personal_sql='\b(FROM|JOIN|INTO|UPDATE|TABLE)[[:space:]]+(subject|entry|care_relation|break_glass|staff_user|staff_role|representative|capacity_assessment|consent|objection|information|information_exemption|entry_correction|subject_origin|request|request_suspension|request_withheld|request_event|recipient|disclosure|disclosure_item|recipient_notice)\b'
sql_api='\b(sqlite3_[a-z0-9_]+|PQ[a-zA-Z0-9]+)[[:space:]]*\('

for f in $outside; do
  while IFS= read -r hit; do
    report "$f:$hit: personal data reached outside src/service"
  done < <(grep -nE "$personal_calls" "$f" | cut -d: -f1)
  while IFS= read -r hit; do
    report "$f:$hit: SQL on a personal-data table outside src/store"
  done < <(grep -niE "$personal_sql" "$f" | cut -d: -f1)
  while IFS= read -r hit; do
    report "$f:$hit: database API used outside src/store"
  done < <(grep -nE "$sql_api" "$f" | cut -d: -f1)
  if grep -qE '#include[[:space:]]*[<"](sqlite3|libpq-fe)\.h' "$f"; then
    report "$f: includes a database header outside src/store"
  fi
done

for f in $service; do
  while IFS= read -r hit; do
    report "$f:$hit: src/service must go through store.h, not SQL"
  done < <(grep -nE "$sql_api" "$f" | cut -d: -f1)
done

if [ $status -eq 0 ]; then
  echo "one-door: ok ($(echo "$outside" | wc -w) files outside the door checked)"
fi
exit $status
