#!/usr/bin/env bash
# Prints what `make run` serves, in one block: the URL, each demo
# organisation with its logins, how to get the code of a second factor and
# how to log in to each organisation.
# usage: demo-banner.sh ZORGKLUIS DB LISTEN
set -u
zk=$1
db=$2
listen=$3
logins=$db.keys/demo-logins.txt
cat <<TXT

zorgkluis demo: open http://$listen/ in a browser  (database $db)

Staff log in there with a user name, its password and, for a role that
sees health data, the code of its second factor (below). The client
portal is the same address: log in as client.jansen (a client) or
ouder.deboer (a parent) in the same way. Nederlands or English: the
button at the top.

Demo organisations and logins (also in $logins):
TXT
if [ -r "$logins" ]; then
  cat "$logins"
  # The organisations' slugs, from the lines that name them.
  slugs=$(sed -nE 's/.*\(log in with "tenant":"([a-z0-9-]+)"\):$/\1/p' "$logins")
else
  echo "  (no demo logins: $db was not made with --demo)"
  slugs=SLUG
fi
cat <<TXT

Each organisation sees only its own clients and staff (SCOPE-3). A user
name both have (dpo) logs in naming its organisation with
"tenant"; one only one organisation has may leave it out.
A role that sees health data logs in with a second factor (SEC-3): add its
TOTP SECRET to an authenticator app, or print the current code with
  $zk user totp-code --db $db --tenant SLUG --username USER
A code counts once; within the same 30 seconds, wait for the next one.
The client portal (INZ-6): client.jansen is a client's own account;
ouder.deboer is a parent who sees their 10-year-old (Sem de Boer) and not
the 8-year-old whose representation has ended (REP-1). They log in the
same way, with the password and second factor above, and see only their
own client's record, its log, and their requests.
Log in, to each organisation by its slug:
TXT
for s in $slugs; do
  cat <<TXT
  curl -c cookies -H 'Content-Type: application/json' \\
    -d '{"tenant":"$s","username":"USER","password":"PASSWORD","totp":"CODE"}' \\
    http://$listen/api/v1/login
TXT
done
cat <<TXT
Stop the server with Ctrl-C.

TXT
