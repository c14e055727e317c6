#!/usr/bin/env bash
# zorgkluis portal invite: the client portal's invitations from the
# command line (INZ-6, REP-6, SEC-3): a client's own account, a
# representative's, the link of an existing representative account, and
# the refusals: a staff account, a child who cannot act (REP-1), bad
# arguments.
. "$(dirname "$0")/lib.sh"

newdb p
"$ZK" init --db "$DB_p" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
# The demo's first client is 9 years old, its second 26.
child=$(sql "$DB_p" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1")
adult=$(sql "$DB_p" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")

rule INZ-6
expect 0 "invite a client" -- "$ZK" portal invite --db "$DB_p" --client "$adult" --username client.twee
contains "$TMP/out" '"username": "client.twee"' "the account"
contains "$TMP/out" '"token": "' "the invitation token"
contains "$TMP/out" '"expires_at": "' "its expiry"
n=$(sql "$DB_p" "SELECT count(*) FROM staff_user u JOIN staff_role r ON r.user_id = u.id WHERE u.username = 'client.twee' AND r.role = 'subject'")
[ "$n" = 1 ] && ok || bad "client.twee has the role subject ($n)"
n=$(sql "$DB_p" "SELECT count(*) FROM audit_log WHERE event = 'portal.invite' AND subject_uid = '$adult' AND outcome = 'success'")
[ "$n" = 1 ] && ok || bad "the invitation is logged ($n)"
expect 2 "a staff account gets no portal role" -- "$ZK" portal invite --db "$DB_p" --client "$adult" --username professional
contains "$TMP/err" "staff account" "said why"
expect 1 "a second subject account of the name" -- "$ZK" portal invite --db "$DB_p" --client "$adult" --username client.twee
rule REP-1
expect 1 "a child of nine does not act alone" -- "$ZK" portal invite --db "$DB_p" --client "$child" --username kind.negen
contains "$TMP/err" "REP-1" "REP-1 named"
rule REP-6
expect 0 "representative" -- "$ZK" representative add --db "$DB_p" --subject "$child" \
  --kind parent_with_authority --name "M. Ouder"
parent=$(head -1 "$TMP/out")
expect 0 "invite the parent" -- "$ZK" portal invite --db "$DB_p" --client "$child" --username ouder.negen \
  --representative "$parent"
contains "$TMP/out" '"token": "' "the parent's invitation"
expect 2 "another client's representative" -- "$ZK" portal invite --db "$DB_p" --client "$adult" \
  --username ouder.negen --representative "$parent"
# The demo's parent: an existing representative account gets the link only.
expect 0 "link an existing account" -- "$ZK" portal invite --db "$DB_p" --client "$child" --username ouder.deboer \
  --representative "$parent"
contains "$TMP/out" '"linked": true' "linked"
if grep -q '"token"' "$TMP/out"; then bad "a link has no token"; else ok; fi
expect 2 "no --client" -- "$ZK" portal invite --db "$DB_p" --username x
expect 2 "bad subcommand" -- "$ZK" portal uninvite --db "$DB_p"
expect 2 "bad user name" -- "$ZK" portal invite --db "$DB_p" --client "$adult" --username "Met Spatie"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_p"
finish
