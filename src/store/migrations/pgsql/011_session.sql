-- 011_session: SEC-3. Login sessions and failed-login counts live in the
-- store, so that several servers on one database share them: a session
-- started at one works at all, a logout or a disabled account ends it at
-- all, and guessing passwords at several servers counts as at one. Only
-- a hash of a session token is kept; a stolen copy of the database holds
-- no session anyone could use.
-- (SQLite's WITHOUT ROWID has no PostgreSQL counterpart; the primary key
-- is an ordinary unique index here.)
CREATE TABLE session (
  token_hash           BYTEA PRIMARY KEY,
  tenant_id            BIGINT NOT NULL REFERENCES tenant(id),
  username             TEXT COLLATE "C" NOT NULL,
  bearer               BIGINT NOT NULL,
  two_factor_required  BIGINT NOT NULL,
  two_factor_ok        BIGINT NOT NULL,
  created              BIGINT NOT NULL, -- seconds since 1970, UTC
  last_seen            BIGINT NOT NULL, -- kept to the minute
  idle                 BIGINT NOT NULL, -- seconds it may be idle
  expires              BIGINT NOT NULL  -- its absolute end
);
-- session_user is a reserved word of PostgreSQL: the name is quoted.
CREATE INDEX "session_user" ON session(tenant_id, username);
CREATE INDEX session_expires ON session(expires);

-- Failed logins per key (a user name, an address), kept as a hash.
CREATE TABLE login_throttle (
  key_hash  BYTEA PRIMARY KEY,
  failures  BIGINT NOT NULL,
  last      BIGINT NOT NULL,
  until     BIGINT NOT NULL
);
