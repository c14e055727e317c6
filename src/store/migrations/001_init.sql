-- 001_init: the base schema. Every row of every table but tenant carries
-- tenant_id, and the store filters on it in every query (SCOPE-3).
-- Personal content lives only in sealed BLOBs (subject.identity,
-- entry.content, break_glass.reason), encrypted with the subject's key.

CREATE TABLE tenant (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

-- REG-1: every profile version a tenant ran, with its dates.
CREATE TABLE profile_version (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  profile_id    TEXT NOT NULL,
  version       TEXT NOT NULL,
  published_on  TEXT NOT NULL,
  effective_on  TEXT NOT NULL,
  body          TEXT NOT NULL,
  installed_at  TEXT NOT NULL
);
CREATE INDEX profile_version_tenant ON profile_version(tenant_id, effective_on);

CREATE TABLE location (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  name       TEXT NOT NULL,
  address    TEXT,
  UNIQUE (tenant_id, name)
);

CREATE TABLE team (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  location_id  INTEGER REFERENCES location(id),
  name         TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

-- Staff accounts. ACC-4: the basis of the duty of confidentiality.
CREATE TABLE staff_user (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  uid              TEXT NOT NULL UNIQUE,
  username         TEXT NOT NULL,
  display_name     TEXT NOT NULL,
  password_hash    TEXT,
  confidentiality  TEXT NOT NULL
    CHECK (confidentiality IN ('profession', 'office', 'law', 'agreement')),
  team_id          INTEGER REFERENCES team(id),
  totp_secret      BLOB,
  created_at       TEXT NOT NULL,
  disabled_at      TEXT,
  UNIQUE (tenant_id, username)
);

CREATE TABLE staff_role (
  user_id    INTEGER NOT NULL REFERENCES staff_user(id),
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  role       TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- Data subjects of every kind (SCOPE-1). identity is sealed.
CREATE TABLE subject (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenant(id),
  uid               TEXT NOT NULL UNIQUE,
  kind              TEXT NOT NULL
    CHECK (kind IN ('client', 'employee', 'intern', 'volunteer', 'applicant')),
  team_id           INTEGER REFERENCES team(id),
  wrapped_key       BLOB,
  identity          BLOB,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  key_destroyed_at  TEXT
);
CREATE INDEX subject_tenant ON subject(tenant_id, kind, id);

-- ACC-2: who treats whom, in which role, for which period.
CREATE TABLE care_relation (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES staff_user(id),
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  relation     TEXT NOT NULL
    CHECK (relation IN ('responsible', 'co_treating', 'substitute')),
  valid_from   TEXT NOT NULL,
  valid_until  TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX care_relation_lookup ON care_relation(tenant_id, user_id, subject_id);
CREATE INDEX care_relation_subject ON care_relation(tenant_id, subject_id);

-- Record entries (CAT-1, PUR-1, PUR-3, PUR-4). content is sealed.
-- COR-2: a correction is a new entry pointing at the one it corrects;
-- the original stays, marked corrected.
CREATE TABLE entry (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  category     TEXT NOT NULL,
  author_id    INTEGER REFERENCES staff_user(id),
  purpose      TEXT NOT NULL,
  legal_basis  TEXT NOT NULL,
  content      BLOB NOT NULL,
  created_at   TEXT NOT NULL,
  corrects_id  INTEGER REFERENCES entry(id),
  status       TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'corrected'))
);
CREATE INDEX entry_subject ON entry(tenant_id, subject_id, category, id);

-- ACC-6: emergency access, its sealed reason, and the DPO's review.
CREATE TABLE break_glass (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  uid          TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES staff_user(id),
  subject_id   INTEGER NOT NULL REFERENCES subject(id),
  reason       BLOB NOT NULL,
  granted_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  reviewed_at  TEXT,
  reviewed_by  INTEGER REFERENCES staff_user(id)
);
CREATE INDEX break_glass_lookup ON break_glass(tenant_id, user_id, subject_id);

-- LOG-1, LOG-3, LOG-5: the audit log, one hash chain per tenant.
-- It holds references only, never care content (LOG-4).
CREATE TABLE audit_log (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL,
  seq              INTEGER NOT NULL,
  ts               TEXT NOT NULL,
  event            TEXT NOT NULL,
  action           TEXT NOT NULL,
  outcome          TEXT NOT NULL,
  checks           TEXT NOT NULL,
  reason           TEXT NOT NULL,
  rule             TEXT NOT NULL,
  user_uid         TEXT NOT NULL,
  user_role        TEXT NOT NULL,
  on_behalf_of     TEXT,
  access_point     TEXT NOT NULL,
  subject_uid      TEXT,
  object_type      TEXT,
  object_uid       TEXT,
  category         TEXT,
  purpose          TEXT,
  protocol         TEXT NOT NULL,
  consent_ref      TEXT,
  break_glass_ref  TEXT,
  source           TEXT NOT NULL,
  prev_hash        BLOB NOT NULL,
  hash             BLOB NOT NULL
);
CREATE INDEX audit_log_chain ON audit_log(tenant_id, seq);
CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_uid, seq);

-- Signed checkpoints over the chain head (LOG-3).
CREATE TABLE audit_checkpoint (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  hash        BLOB NOT NULL,
  signed_at   TEXT NOT NULL,
  public_key  BLOB NOT NULL,
  signature   BLOB NOT NULL
);
CREATE INDEX audit_checkpoint_chain ON audit_checkpoint(tenant_id, seq);
