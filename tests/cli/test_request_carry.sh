#!/usr/bin/env bash
# zorgkluis request change / carry-out: what a request to correct,
# complete, erase, shield or restrict changes is recorded before the
# decision and carried out once granted (COR-1, COR-2, ERA-1, ERA-2).
. "$(dirname "$0")/lib.sh"

newdb c
"$ZK" init --db "$DB_c" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
adult=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")
other=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 2")
care=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$adult' AND e.category = 'care' ORDER BY e.id LIMIT 1")
care2=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$adult' AND e.category = 'care' ORDER BY e.id LIMIT 1 OFFSET 1")
theirs=$(sql "$DB_c" "SELECT e.uid FROM entry e JOIN subject x ON x.id = e.subject_id
  WHERE x.uid = '$other' AND e.category = 'care' ORDER BY e.id LIMIT 1")
today=$(TZ=Europe/Amsterdam date +%F)
fixed='{"kind":"rapportage","text":"Mevrouw gebruikt geen rollator (gecorrigeerd)."}'

# COR-3: an insurer received the entry that will be corrected.
expect 0 "an insurer" -- "$ZK" disclosure recipient-add --db "$DB_c" --name "Zilveren Kruis" \
  --kind insurer --country NL --confidentiality agreement
insurer=$(head -1 "$TMP/out")
expect 0 "the entry goes to the insurer (DIS-2)" -- "$ZK" disclosure add --db "$DB_c" \
  --subject "$adult" --recipient "$insurer" --entry "$care" --purpose contract_execution

rule COR-1
expect 0 "a rectification request" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind rectification --received "$today"
rect=$(head -1 "$TMP/out")
expect 1 "COR-1: nothing to carry out before the decision" -- "$ZK" request carry-out \
  --db "$DB_c" --request "$rect"
expect 2 "COR-1: a rectification does not shield" -- "$ZK" request change --db "$DB_c" \
  --request "$rect" --op shield --entry "$care"
expect 1 "COR-1: another client's entry is not this request's" -- "$ZK" request change \
  --db "$DB_c" --request "$rect" --op correct --entry "$theirs" --content "$fixed"
contains "$TMP/err" "no such entry of the subject" "named as unknown"
expect 2 "content must be an object" -- "$ZK" request change --db "$DB_c" \
  --request "$rect" --op correct --entry "$care" --content '"tekst"'
expect 2 "content must be JSON" -- "$ZK" request change --db "$DB_c" \
  --request "$rect" --op correct --entry "$care" --content '{"kind":'
rule ERA-1
expect 2 "ERA-1: removing a wrong entry names its ground" -- "$ZK" request change \
  --db "$DB_c" --request "$rect" --op erase --entry "$care2"
contains "$TMP/err" "ERA-1" "ERA-1 named"
rule COR-2
expect 0 "COR-2: the correction is recorded" -- "$ZK" request change --db "$DB_c" \
  --request "$rect" --op correct --entry "$care" --content "$fixed" \
  --reason "De cliënt gebruikt geen rollator."
change=$(head -1 "$TMP/out")
[ ${#change} -eq 36 ] && ok || bad "change id: $change"
expect 0 "show" -- "$ZK" request show --db "$DB_c" --request "$rect"
contains "$TMP/out" "\"id\": \"$change\"" "the change is on the request"
contains "$TMP/out" '"has_reason": true' "with its reason (sealed)"
if sql "$DB_c" "SELECT reason FROM request_change WHERE uid = '$change'" | grep -q rollator; then
  bad "COR-2: the reason is stored in the clear"
else ok; fi
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$rect" --grant
expect 1 "RQ-5: no change after the decision" -- "$ZK" request change --db "$DB_c" \
  --request "$rect" --op correct --entry "$care2" --content "$fixed"
expect 0 "COR-2: carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$rect"
st=$(sql "$DB_c" "SELECT status FROM entry WHERE uid = '$care'")
[ "$st" = corrected ] && ok || bad "COR-2: the original is marked corrected, not '$st'"
n=$(sql "$DB_c" "SELECT count(*) FROM entry c JOIN entry o ON o.id = c.corrects_id
  WHERE o.uid = '$care'")
[ "$n" = 1 ] && ok || bad "COR-2: one correction beside the original, not $n"
expect 0 "show" -- "$ZK" request show --db "$DB_c" --request "$rect"
contains "$TMP/out" '"state": "carried_out"' "carried out"
contains "$TMP/out" '"done_at": "' "the change is done"
made=$(sql "$DB_c" "SELECT result_uid FROM request_change WHERE uid = '$change'")
corr=$(sql "$DB_c" "SELECT c.uid FROM entry c JOIN entry o ON o.id = c.corrects_id WHERE o.uid = '$care'")
[ "$made" = "$corr" ] && ok || bad "the change names the correction it made: '$made' '$corr'"
n=$(sql "$DB_c" "SELECT count(*) FROM audit_log WHERE event = 'entry.correct'
  AND subject_uid = '$adult' AND reason = 'request_granted' AND rule = 'COR-2'")
[ "$n" -ge 1 ] && ok || bad "COR-2: the correction is logged as carrying out the request"
rule COR-3
n=$(sql "$DB_c" "SELECT count(*) FROM recipient_notice n JOIN request r ON r.id = n.request_id
  WHERE r.uid = '$rect' AND n.change = 'rectification' AND n.state = 'pending'")
[ "$n" = 1 ] && ok || bad "COR-3: the insurer is to be told of the correction, $n notices"
expect 0 "the notices" -- "$ZK" disclosure notices --db "$DB_c" --subject "$adult"
contains "$TMP/out" '"rectification"' "COR-3: the notice is listed"
expect 1 "carried out once" -- "$ZK" request carry-out --db "$DB_c" --request "$rect"

rule COR-1
expect 0 "a completion request" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind completion --received "$today"
comp=$(head -1 "$TMP/out")
expect 0 "granted with nothing recorded" -- "$ZK" request decide --db "$DB_c" --request "$comp" --grant
expect 1 "COR-1: nothing recorded, nothing carried out" -- "$ZK" request carry-out \
  --db "$DB_c" --request "$comp"
contains "$TMP/err" "request change" "says what to do"

rule ERA-2
expect 0 "an erasure request" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind erasure --received "$today"
era=$(head -1 "$TMP/out")
expect 2 "ERA-2: refused without a ground the law names" -- "$ZK" request decide --db "$DB_c" \
  --request "$era" --refuse --reason "Wij bewaren het dossier."
contains "$TMP/err" "ERA-2" "ERA-2 named"
expect 2 "ERA-2: an unknown ground" -- "$ZK" request decide --db "$DB_c" \
  --request "$era" --refuse --reason "Wij bewaren het dossier." --refusal-ground convenience
expect 2 "ERA-2: a granted erasure has no refusal ground" -- "$ZK" request decide --db "$DB_c" \
  --request "$era" --grant --refusal-ground legal_retention
expect 0 "ERA-2: refused, retention required by law" -- "$ZK" request decide --db "$DB_c" \
  --request "$era" --refuse --reason "De WGBO verplicht ons het dossier te bewaren." \
  --refusal-ground legal_retention
expect 0 "show" -- "$ZK" request show --db "$DB_c" --request "$era"
contains "$TMP/out" '"refusal_ground": "legal_retention"' "ERA-2: the ground is kept"
expect 0 "ERA-2: the decision letter" -- "$ZK" request letter --db "$DB_c" \
  --request "$era" --letter decision --out "$TMP/era.pdf"
pdftotext "$TMP/era.pdf" "$TMP/era.txt"
contains "$TMP/era.txt" "De wet verplicht ons deze gegevens te bewaren" "ERA-2: the letter gives the ground"
expect 1 "a refused erasure is not carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$era"
expect 0 "a copy request" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind copy --received "$today"
cp=$(head -1 "$TMP/out")
expect 2 "ERA-2: a copy has no refusal ground" -- "$ZK" request decide --db "$DB_c" \
  --request "$cp" --refuse --reason "Onvoldoende." --refusal-ground legal_retention
rule SHD-1
expect 0 "a shielding request" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind shielding --received "$today"
shd=$(head -1 "$TMP/out")
expect 2 "SHD-1: an entry or a category, not both" -- "$ZK" request change --db "$DB_c" \
  --request "$shd" --op shield --entry "$care2" --category care
expect 0 "SHD-1: the entry to shield" -- "$ZK" request change --db "$DB_c" \
  --request "$shd" --op shield --entry "$care2"
expect 0 "SHD-1: and a category" -- "$ZK" request change --db "$DB_c" \
  --request "$shd" --op shield --category medical
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$shd" --grant
n=$(sql "$DB_c" "SELECT count(*) FROM shield s JOIN request r ON r.id = s.request_id WHERE r.uid = '$shd'")
[ "$n" = 0 ] && ok || bad "SHD-1: nothing shielded before the carry-out"
expect 0 "SHD-1: carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$shd"
n=$(sql "$DB_c" "SELECT count(*) FROM shield s JOIN request r ON r.id = s.request_id
  WHERE r.uid = '$shd' AND s.lifted_at IS NULL")
[ "$n" = 2 ] && ok || bad "SHD-1: the entry and the category are shielded, $n shields"
rule COR-3
n=$(sql "$DB_c" "SELECT count(*) FROM recipient_notice n JOIN request r ON r.id = n.request_id
  WHERE r.uid = '$shd'")
[ "$n" = 0 ] && ok || bad "COR-3: the insurer never had what was shielded, $n notices"

rule RST-1
expect 0 "a restriction request" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind restriction --received "$today"
rst=$(head -1 "$TMP/out")
expect 2 "RST-1: a restriction names its ground" -- "$ZK" request change --db "$DB_c" \
  --request "$rst" --op restrict
expect 0 "RST-1: restricted while the accuracy is checked" -- "$ZK" request change \
  --db "$DB_c" --request "$rst" --op restrict --ground accuracy_contested
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$rst" --grant
expect 0 "RST-1: carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$rst"
n=$(sql "$DB_c" "SELECT count(*) FROM restriction s JOIN request r ON r.id = s.request_id
  WHERE r.uid = '$rst' AND s.ground = 'accuracy_contested' AND s.lifted_at IS NULL")
[ "$n" = 1 ] && ok || bad "RST-1: the client's data is restricted, $n restrictions"
expect 0 "the client asks for a copy" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind copy --received "$today"
cp2=$(head -1 "$TMP/out")
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$cp2" --grant
expect 1 "RST-1: no copy of restricted data without an exception" -- "$ZK" request export \
  --db "$DB_c" --request "$cp2" --format pdf --out "$TMP/copy.pdf"
[ ! -e "$TMP/copy.pdf" ] && ok || bad "RST-1: a copy was written"
expect 2 "RST-1: an unknown exception" -- "$ZK" request export --db "$DB_c" \
  --request "$cp2" --format pdf --out "$TMP/copy.pdf" --exception curiosity
expect 0 "RST-1: the client's consent is the exception" -- "$ZK" request export \
  --db "$DB_c" --request "$cp2" --format pdf --out "$TMP/copy.pdf" --exception consent
n=$(sql "$DB_c" "SELECT count(*) FROM audit_log WHERE subject_uid = '$other'
  AND rule = 'RST-1' AND reason = 'consent' AND checks LIKE '%restriction=consent%'")
[ "$n" -ge 1 ] && ok || bad "RST-1: the exception is logged with the act"
rid=$(sql "$DB_c" "SELECT c.result_uid FROM request_change c JOIN request r ON r.id = c.request_id
  WHERE r.uid = '$rst'")
expect 0 "RST-1: the letter that tells the client first" -- "$ZK" request letter --db "$DB_c" \
  --request "$rst" --letter lifting --out "$TMP/lifting.pdf"
pdftotext "$TMP/lifting.pdf" "$TMP/lifting.txt"
contains "$TMP/lifting.txt" "de beperking gaan opheffen" "RST-1: the letter says it will be lifted"
contains "$TMP/lifting.txt" "vooraf weten" "RST-1: and why the client is told"
expect 1 "a lifting letter belongs to a restriction" -- "$ZK" request letter --db "$DB_c" \
  --request "$rect" --letter lifting --out "$TMP/nolifting.pdf"
expect 1 "RST-1: not lifted before the client is told (art. 18(3))" -- "$ZK" restriction lift \
  --db "$DB_c" --restriction "$rid"
expect 2 "RST-1: a notice's channel" -- "$ZK" restriction notice --db "$DB_c" \
  --restriction "$rid" --channel pigeon
expect 0 "RST-1: the client is told" -- "$ZK" restriction notice --db "$DB_c" \
  --restriction "$rid" --channel email
expect 0 "show" -- "$ZK" restriction show --db "$DB_c" --restriction "$rid"
contains "$TMP/out" '"email"' "RST-1: how the client was told"
expect 0 "RST-1: lifted after the notice" -- "$ZK" restriction lift --db "$DB_c" --restriction "$rid"
expect 0 "RST-1: a copy needs no exception once lifted" -- "$ZK" request export \
  --db "$DB_c" --request "$cp2" --format pdf --out "$TMP/copy2.pdf"
expect 2 "RST-1: a restriction names a ground of art. 18(1)" -- "$ZK" restriction add \
  --db "$DB_c" --subject "$other" --ground because
expect 2 "--restriction is required" -- "$ZK" restriction lift --db "$DB_c"
rule DIS-1
expect 0 "the client asks for a copy" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind copy --received "$today"
cp3=$(head -1 "$TMP/out")
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$cp3" --grant
expect 0 "the copy" -- "$ZK" request export --db "$DB_c" --request "$cp3" \
  --format pdf --out "$TMP/copy3.pdf"
pdftotext "$TMP/copy3.pdf" "$TMP/copy3.txt"
contains "$TMP/copy3.txt" "Verstrekt aan derden" "DIS-1: the copy names the disclosures"
contains "$TMP/copy3.txt" "Zilveren Kruis" "DIS-1: with the recipient"
rule SHD-1
expect 0 "the shields" -- "$ZK" shield list --db "$DB_c" --subject "$adult"
contains "$TMP/out" "$care2" "SHD-1: the shielded entry is listed"
contains "$TMP/out" '"medical"' "SHD-1: the shielded category is listed"
expect 2 "shield: unknown subcommand" -- "$ZK" shield add --db "$DB_c" --subject "$adult"
rule ERA-1
expect 0 "COR-1: a wrong entry is to go" -- "$ZK" request add --db "$DB_c" \
  --subject "$adult" --kind rectification --received "$today"
rect2=$(head -1 "$TMP/out")
expect 0 "ERA-1: erase that entry, unlawfully recorded" -- "$ZK" request change --db "$DB_c" \
  --request "$rect2" --op erase --entry "$care2" --ground unlawful
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$rect2" --grant
rule ERA-3
expect 0 "ERA-3: carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$rect2"
n=$(sql "$DB_c" "SELECT count(*) FROM entry WHERE uid = '$care2'")
[ "$n" = 0 ] && ok || bad "ERA-3: the entry is gone"
n=$(sql "$DB_c" "SELECT count(*) FROM shield s JOIN request r ON r.id = s.request_id
  WHERE r.uid = '$shd' AND s.category IS NULL")
[ "$n" = 0 ] && ok || bad "SHD-1: the erased entry's shield went with it"
n=$(sql "$DB_c" "SELECT count(*) FROM destruction d JOIN request r ON r.id = d.request_id
  WHERE r.uid = '$rect2'")
[ "$n" = 1 ] && ok || bad "ERA-3: one destruction record, $n"
expect 0 "the client's other data stays" -- "$ZK" client show --db "$DB_c" --id "$adult"

expect 0 "an erasure request" -- "$ZK" request add --db "$DB_c" \
  --subject "$other" --kind erasure --received "$today"
era2=$(head -1 "$TMP/out")
expect 0 "ERA-1: the whole record, no longer needed" -- "$ZK" request change --db "$DB_c" \
  --request "$era2" --op erase --ground no_longer_needed
expect 0 "granted" -- "$ZK" request decide --db "$DB_c" --request "$era2" --grant
expect 0 "ERA-3: carried out" -- "$ZK" request carry-out --db "$DB_c" --request "$era2"
expect 0 "show" -- "$ZK" request show --db "$DB_c" --request "$era2"
contains "$TMP/out" '"state": "carried_out"' "ERA-3: the erasure is carried out"
expect 1 "ERA-5: the client's data is destroyed" -- "$ZK" client show --db "$DB_c" --id "$other"
contains "$TMP/err" "destroyed" "ERA-5: says so"
n=$(sql "$DB_c" "SELECT count(*) FROM destruction d JOIN request r ON r.id = d.request_id
  WHERE r.uid = '$era2'")
[ "$n" = 1 ] && ok || bad "ERA-3: a destruction record, $n"
expect 2 "--op is required" -- "$ZK" request change --db "$DB_c" --request "$rect"
finish
