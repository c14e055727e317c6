-- 011_session: SEC-3. Login sessions and failed-login counts live in the
-- store, so that several servers on one database share them: a session
-- started at one works at all, a logout or a disabled account ends it at
-- all, and guessing passwords at several servers counts as at one. Only
-- a hash of a session token is kept; a stolen copy of the database holds
-- no session anyone could use.
CREATE TABLE session (
  token_hash           BLOB PRIMARY KEY,
  tenant_id            INTEGER NOT NULL REFERENCES tenant(id),
  username             TEXT NOT NULL,
  bearer               INTEGER NOT NULL,
  two_factor_required  INTEGER NOT NULL,
  two_factor_ok        INTEGER NOT NULL,
  created              INTEGER NOT NULL, -- seconds since 1970, UTC
  last_seen            INTEGER NOT NULL, -- kept to the minute
  idle                 INTEGER NOT NULL, -- seconds it may be idle
  expires              INTEGER NOT NULL  -- its absolute end
) WITHOUT ROWID;
CREATE INDEX session_user ON session(tenant_id, username);
CREATE INDEX session_expires ON session(expires);

-- Failed logins per key (a user name, an address), kept as a hash.
CREATE TABLE login_throttle (
  key_hash  BLOB PRIMARY KEY,
  failures  INTEGER NOT NULL,
  last      INTEGER NOT NULL,
  until     INTEGER NOT NULL
) WITHOUT ROWID;
