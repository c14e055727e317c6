#!/usr/bin/env bash
# Prints what `make run` serves, in one block: the URL, each demo login
# and how to get the code of a second factor.
# usage: demo-banner.sh ZORGKLUIS DB LISTEN
set -u
zk=$1
db=$2
listen=$3
logins=$db.keys/demo-logins.txt
cat <<TXT

zorgkluis demo: http://$listen/  (database $db)

Demo logins (also in $logins):
TXT
if [ -r "$logins" ]; then
  cat "$logins"
else
  echo "  (no demo logins: $db was not made with --demo)"
fi
cat <<TXT

A role that sees health data logs in with a second factor (SEC-3): add its
TOTP SECRET to an authenticator app, or print the current code with
  $zk user totp-code --db $db --username USER
A code counts once; within the same 30 seconds, wait for the next one.
Log in:
  curl -c cookies -H 'Content-Type: application/json' \\
    -d '{"username":"USER","password":"PASSWORD","totp":"CODE"}' \\
    http://$listen/api/v1/login
Stop the server with Ctrl-C.

TXT
