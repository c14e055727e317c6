#!/usr/bin/env bash
# ERA-4: data that went to other controllers (the disclosure register's
# recipients) is followed by a notice to erase their copies when it is
# erased: carrying out an erasure opens an "erasure" notice for each
# recipient that received what is erased, and none for a recipient that
# never had it. Both for one entry and for the whole record.
. "$(dirname "$0")/lib.sh"

newdb c
"$ZK" init --db "$DB_c" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
adult=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")
other=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 2")
sent=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$adult' AND e.category = 'care' ORDER BY e.id LIMIT 1")
kept=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$adult' AND e.category = 'care' ORDER BY e.id LIMIT 1 OFFSET 1")
theirs=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$other' AND e.category = 'care' ORDER BY e.id LIMIT 1")
today=$(TZ=Europe/Amsterdam date +%F)
[ -n "$sent" ] && [ -n "$kept" ] && [ -n "$theirs" ] && ok || bad "the demo has care entries"

# Two other controllers: the insurer receives one entry of each client;
# the municipality receives nothing.
expect 0 "an insurer" -- "$ZK" disclosure recipient-add --db "$DB_c" --name "Zilveren Kruis" \
  --kind insurer --country NL --confidentiality agreement
insurer=$(head -1 "$TMP/out")
expect 0 "a municipality" -- "$ZK" disclosure recipient-add --db "$DB_c" --name "Gemeente Zwolle" \
  --kind public_body --country NL --confidentiality law
gemeente=$(head -1 "$TMP/out")
expect 0 "the entry goes to the insurer" -- "$ZK" disclosure add --db "$DB_c" \
  --subject "$adult" --recipient "$insurer" --entry "$sent" --purpose contract_execution
expect 0 "the other client's entry goes to the insurer" -- "$ZK" disclosure add --db "$DB_c" \
  --subject "$other" --recipient "$insurer" --entry "$theirs" --purpose contract_execution

# notices REQUEST RECIPIENT: the erasure notices of the request to it.
notices() {
  sql "$DB_c" "SELECT count(*) FROM recipient_notice n
    JOIN request r ON r.id = n.request_id JOIN recipient p ON p.id = n.recipient_id
    WHERE r.uid = '$1' AND p.uid = '$2' AND n.change = 'erasure'"
}

rule ERA-4
# An entry that was never disclosed is erased: nobody is told.
expect 0 "an erasure request" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind erasure --received "$today"
era1=$(head -1 "$TMP/out")
expect 0 "the entry nobody received" -- "$ZK" request change --db "$DB_c" \
  --request "$era1" --op erase --entry "$kept" --ground unlawful
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$era1" --grant
expect 0 "carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$era1"
n=$(sql "$DB_c" "SELECT count(*) FROM entry WHERE uid = '$kept'")
[ "$n" = 0 ] && ok || bad "the entry is erased"
n=$(notices "$era1" "$insurer")
[ "$n" = 0 ] && ok || bad "ERA-4: the insurer never had the entry, yet $n notices"

# The entry the insurer received is erased: the insurer is to be told,
# the municipality, which received nothing, is not.
expect 0 "an erasure request" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind erasure --received "$today"
era2=$(head -1 "$TMP/out")
expect 0 "the entry the insurer received" -- "$ZK" request change --db "$DB_c" \
  --request "$era2" --op erase --entry "$sent" --ground unlawful
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$era2" --grant
expect 0 "carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$era2"
n=$(sql "$DB_c" "SELECT count(*) FROM entry WHERE uid = '$sent'")
[ "$n" = 0 ] && ok || bad "the entry is erased"
n=$(notices "$era2" "$insurer")
[ "$n" = 1 ] && ok || bad "ERA-4: the insurer is to be told to erase its copy, $n notices"
n=$(notices "$era2" "$gemeente")
[ "$n" = 0 ] && ok || bad "ERA-4: the municipality never had it, yet $n notices"
n=$(sql "$DB_c" "SELECT count(*) FROM recipient_notice n JOIN request r ON r.id = n.request_id
  WHERE r.uid = '$era2' AND n.state = 'pending'")
[ "$n" = 1 ] && ok || bad "ERA-4: the notice waits to be sent, $n pending"
expect 0 "the notices" -- "$ZK" disclosure notices --db "$DB_c" --subject "$adult"
contains "$TMP/out" '"erasure"' "ERA-4: the erasure notice is listed"
contains "$TMP/out" "$insurer" "ERA-4: to the insurer"
expect 1 "carried out once" -- "$ZK" request carry-out --db "$DB_c" --request "$era2"
n=$(notices "$era2" "$insurer")
[ "$n" = 1 ] && ok || bad "ERA-4: a second carry-out tells nobody twice, $n notices"

# The whole record of the other client: the insurer had one entry of it
# and is told; the notice outlives the erasure of the client.
expect 0 "an erasure request" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind erasure --received "$today"
era3=$(head -1 "$TMP/out")
expect 0 "the whole record" -- "$ZK" request change --db "$DB_c" \
  --request "$era3" --op erase --ground no_longer_needed
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$era3" --grant
expect 0 "carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$era3"
expect 1 "the client's data is destroyed" -- "$ZK" client show --db "$DB_c" --id "$other"
n=$(notices "$era3" "$insurer")
[ "$n" = 1 ] && ok || bad "ERA-4: the insurer is to be told of the erased record, $n notices"
n=$(notices "$era3" "$gemeente")
[ "$n" = 0 ] && ok || bad "ERA-4: the municipality never had it, yet $n notices"
finish
