#!/usr/bin/env bash
# zorgkluis user add|list|disable: accounts with roles and a basis of the
# duty of confidentiality (ACC-4), every change logged.
. "$(dirname "$0")/lib.sh"

newdb u
newdb d
nodb none
"$ZK" init --db "$DB_u" --profile "$W" >/dev/null || { bad init; finish; exit 1; }
# ACC-3, SEC-3: the owner sets the password from a one-time invitation;
# no one chooses one for a role that sees health data or logs.
rule ACC-3
rule SEC-3
expect 0 "add" -- "$ZK" user add --db "$DB_u" --username jan --role professional --confidentiality profession --name "Jan de Wit"
contains "$TMP/out" "invitation:" "an invitation is shown"
grep -q "password:" "$TMP/out" && bad "a password is shown" || ok
n=$(sql "$DB_u" "SELECT count(*) FROM staff_user WHERE username='jan' AND password_hash IS NULL")
[ "$n" = 1 ] && ok || bad "jan has a password before the invitation is accepted"
tok=$(sed -n 's/^invitation: \([^ ]*\).*/\1/p' "$TMP/out")
n=$(sql "$DB_u" "SELECT count(*) FROM invitation WHERE used_at IS NULL AND length(token_hash) = 32")
[ "$n" = 1 ] && [ ${#tok} = 43 ] && ok || bad "one unused invitation ($n, token '$tok')"
n=$(sql "$DB_u" "SELECT count(*) FROM invitation WHERE token_hash = '$tok' OR CAST(token_hash AS TEXT) = '$tok'")
[ "$n" = 0 ] && ok || bad "the token itself is stored"
echo "een-lang-wachtwoord" >"$TMP/pw"
expect 2 "no chosen password for a health-data role" -- sh -c "\"$ZK\" user add --db \"$DB_u\" --username fg --role dpo --confidentiality agreement --password-stdin <\"$TMP/pw\""
contains "$TMP/err" "ACC-3" "names the rule"
expect 0 "add dpo" -- "$ZK" user add --db "$DB_u" --username fg --role dpo --confidentiality agreement
echo "een-lang-wachtwoord" | "$ZK" user add --db "$DB_u" --username kantoor --role office --confidentiality office --password-stdin >"$TMP/out" 2>&1 && ok || bad "add with --password-stdin"
hash=$(sql "$DB_u" "SELECT password_hash FROM staff_user WHERE username='kantoor'")
case "$hash" in '$argon2id$'*) ok ;; *) bad "password not stored as Argon2id: $hash" ;; esac
# SEC-3: a reset ends the password and gives a new invitation.
expect 0 "reset" -- "$ZK" user reset --db "$DB_u" --username kantoor
contains "$TMP/out" "invitation:" "reset shows an invitation"
n=$(sql "$DB_u" "SELECT count(*) FROM staff_user WHERE username='kantoor' AND password_hash IS NULL")
[ "$n" = 1 ] && ok || bad "the old password still works after a reset"
expect 1 "reset unknown" -- "$ZK" user reset --db "$DB_u" --username nobody
lines "$TMP/err" 1 "one-line error"
expect 0 "roles" -- "$ZK" user roles --db "$DB_u" --username kantoor --role office --role hr
n=$(sql "$DB_u" "SELECT count(*) FROM staff_role r JOIN staff_user u ON u.id = r.user_id WHERE u.username='kantoor'")
[ "$n" = 2 ] && ok || bad "roles set ($n)"
expect 2 "roles: unknown role" -- "$ZK" user roles --db "$DB_u" --username kantoor --role nurse
expect 0 "approvals" -- "$ZK" user approvals --db "$DB_u"
contains "$TMP/out" "USERNAME" "approvals header"
expect 2 "approve needs --by" -- "$ZK" user approve --db "$DB_u" --id 00000000-0000-0000-0000-000000000000
expect 1 "approve unknown request" -- "$ZK" user approve --db "$DB_u" --id 00000000-0000-0000-0000-000000000000 --by fg
lines "$TMP/err" 1 "one-line error"
expect 0 "list" -- "$ZK" user list --db "$DB_u"
contains "$TMP/out" "jan" "list shows jan"
contains "$TMP/out" "profession" "list shows the duty basis"
expect 0 "list json" -- "$ZK" user list --db "$DB_u" --json
contains "$TMP/out" '"username": "fg"' "json list"
expect 0 "disable" -- "$ZK" user disable --db "$DB_u" --username jan
# LOG-1: the log says which account on which machine ran the command.
ap=$(sql "$DB_u" "SELECT access_point FROM audit_log WHERE event = 'user.disable'")
want="cli:$(id -un)@$(hostname)"
case "$ap" in "cli:$(id -un)@"?*) ;; *) ap="" ;; esac
case "$want" in "$ap"*) [ -n "$ap" ] && ok || bad "access point of a command is not $want" ;; *) bad "access point of a command: '$ap', not $want" ;; esac
expect 1 "disable twice" -- "$ZK" user disable --db "$DB_u" --username jan
lines "$TMP/err" 1 "one-line error"
expect 0 "enable" -- "$ZK" user enable --db "$DB_u" --username jan
n=$(sql "$DB_u" "SELECT count(*) FROM staff_user WHERE username='jan' AND disabled_at IS NULL")
[ "$n" = 1 ] && ok || bad "jan enabled"
expect 1 "enable twice" -- "$ZK" user enable --db "$DB_u" --username jan
lines "$TMP/err" 1 "one-line error"
expect 1 "disable unknown" -- "$ZK" user disable --db "$DB_u" --username nobody
expect 1 "duplicate" -- "$ZK" user add --db "$DB_u" --username fg --role dpo --confidentiality law
contains "$TMP/err" "exists" "duplicate message"
rule ACC-4
expect 2 "ACC-4 basis missing" -- "$ZK" user add --db "$DB_u" --username x --role dpo
rule ACC-4
expect 2 "ACC-4 bad basis" -- "$ZK" user add --db "$DB_u" --username x --role dpo --confidentiality none
expect 2 "unknown role" -- "$ZK" user add --db "$DB_u" --username x --role nurse --confidentiality law
contains "$TMP/err" "nurse" "names the unknown role"
expect 2 "bad username" -- "$ZK" user add --db "$DB_u" --username "Robert'); DROP TABLE" --role dpo --confidentiality law
expect 1 "missing db" -- "$ZK" user list --db "$DB_none"
lines "$TMP/err" 1 "one-line error for a missing db"
expect 2 "bad subcommand" -- "$ZK" user remove --db "$DB_u"
n=$(sql "$DB_u" "SELECT count(*) FROM audit_log WHERE event LIKE 'user.%'")
[ "$n" -ge 4 ] && ok || bad "user changes logged ($n)"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_u"

# SEC-3, LOG-1: the demo helper that shows a second factor's code is
# logged, naming the account, before the code is shown.
"$ZK" init --db "$DB_d" --profile "$M" --demo >/dev/null || bad "demo init"
# The demo has two organisations (SCOPE-3): name the one meant.
expect 0 "totp-code" -- "$ZK" user totp-code --db "$DB_d" --tenant micare-werkt --username professional
grep -Eq '^[0-9]{6}$' "$TMP/out" && ok || bad "totp-code prints six digits"
uid=$(sql "$DB_d" "SELECT uid FROM staff_user WHERE username = 'professional' AND tenant_id = 1")
n=$(sql "$DB_d" "SELECT count(*) FROM audit_log WHERE event = 'totp.code' AND object_uid = '$uid' AND rule = 'SEC-3' AND user_uid = 'system:cli'")
[ "$n" = 1 ] && ok || bad "totp-code logged once for the account ($n)"
expect 1 "totp-code without a factor" -- "$ZK" user totp-code --db "$DB_u" --username fg
lines "$TMP/err" 1 "one-line error"
expect 0 "log intact after totp-code" -- "$ZK" audit verify --db "$DB_d"
finish
