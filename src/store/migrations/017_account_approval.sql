-- 017_account_approval: ACC-3, SEC-3. An account, or a change of roles,
-- that lets someone see health data or logs takes effect only once a
-- second person with care authority approved it; the owner sets their own
-- password from a one-time invitation.
--
-- awaiting_approval 1: the account was created for roles that see health
-- data and no one approved it yet; it cannot log in.
ALTER TABLE staff_user ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0;

-- A request to approve: a new account ('account'), roles that add access
-- to health data ('roles', the whole new set in roles), or a new
-- invitation for such an account ('reset'). requested_by and decided_by
-- are user uids (or "system:..." for the operator).
CREATE TABLE account_request (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  uid           TEXT NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES staff_user(id),
  kind          TEXT NOT NULL CHECK (kind IN ('account', 'roles', 'reset')),
  roles         TEXT NOT NULL,
  requested_by  TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by    TEXT,
  decided_at    TEXT
);
-- One pending request of a kind per account: a newer one replaces it.
CREATE UNIQUE INDEX account_request_pending
  ON account_request (tenant_id, user_id, kind) WHERE status = 'pending';

-- One-time invitations: only the hash of the token is kept. expires_at in
-- seconds since 1970; used_at set once, when accepted or replaced.
CREATE TABLE invitation (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  user_id     INTEGER NOT NULL REFERENCES staff_user(id),
  token_hash  BLOB NOT NULL UNIQUE,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     TEXT
);
CREATE INDEX invitation_user ON invitation (tenant_id, user_id);
