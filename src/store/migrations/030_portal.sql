-- 030_portal: the client portal (INZ-6, LOG-2, REP-6). A portal account
-- is a row of staff_user with the role subject or representative (so it
-- has the login, sessions, second factor, lockout and invitations of
-- every account); this table links it to what it may see. A subject
-- account has one row with representative_id NULL: the client it is. A
-- representative account has a row per (client, representative) it acts
-- as; whether that representative may act today is decided each time
-- (REP-1 to REP-3), never stored here. No personal content: ids only.
CREATE TABLE portal_link (
  id                 INTEGER PRIMARY KEY,
  tenant_id          INTEGER NOT NULL REFERENCES tenant(id),
  user_id            INTEGER NOT NULL REFERENCES staff_user(id),
  subject_id         INTEGER NOT NULL REFERENCES subject(id),
  representative_id  INTEGER REFERENCES representative(id),
  created_at         TEXT NOT NULL,
  created_by         TEXT NOT NULL,
  UNIQUE (user_id, subject_id, representative_id)
);
CREATE INDEX portal_link_user ON portal_link(tenant_id, user_id, subject_id);
CREATE INDEX portal_link_subject ON portal_link(tenant_id, subject_id);
