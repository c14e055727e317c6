-- 034_log_review: the DPO's review of the log (LOG-7, FG-2, M§17).
-- The reports are queries over audit_log by time, so the log gets an
-- index on (tenant_id, ts); its timestamps are UTC in one fixed-width
-- form and sort as text.
CREATE INDEX audit_log_time ON audit_log(tenant_id, ts);

-- A staff member who is also a client of the organisation: the account
-- and the client it is, set by the administrator or the DPO, so that
-- reads of colleagues' records can be reported. One client per account
-- and one account per client. Ids only, no personal content.
CREATE TABLE staff_subject (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  user_id     INTEGER NOT NULL REFERENCES staff_user(id),
  subject_id  INTEGER NOT NULL REFERENCES subject(id),
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  UNIQUE (tenant_id, user_id),
  UNIQUE (tenant_id, subject_id)
);

-- A client flagged by the DPO as a public figure (a name in the news, a
-- local official), whose record draws curiosity: every access to it is
-- reported. The flag says nothing of the record's content.
CREATE TABLE subject_public_figure (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  subject_id  INTEGER NOT NULL REFERENCES subject(id),
  set_at      TEXT NOT NULL,
  set_by      TEXT NOT NULL,
  UNIQUE (tenant_id, subject_id)
);
