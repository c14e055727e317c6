-- 022_requests: RQ-1 to RQ-6, INZ-2, INZ-4. A data subject's request to
-- exercise a right, from the subject or a representative (REP-6), with
-- its channel, the identity check made (SEC-4: the kind of document and
-- the last characters of its number, never a copy or the whole number),
-- the channel of the answer, and its state. The deadline is not stored:
-- it follows from the received date, the suspensions and the extension
-- under the profile (src/policy/deadline.c), so a profile change moves it.
-- Reasons and notes may describe the client and are sealed with the
-- subject's key; the log holds only references.
CREATE TABLE request (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenant(id),
  uid            TEXT NOT NULL UNIQUE,
  subject_id     INTEGER NOT NULL REFERENCES subject(id),
  kind           TEXT NOT NULL CHECK (kind IN ('access', 'copy',
                   'portability', 'rectification', 'completion', 'erasure',
                   'shielding', 'restriction', 'objection', 'log',
                   'scheme')),
  received_on    TEXT NOT NULL,
  channel        TEXT NOT NULL CHECK (channel IN ('paper', 'email',
                   'portal', 'in_person')),
  answer_channel TEXT NOT NULL CHECK (answer_channel IN ('paper', 'email',
                   'portal', 'in_person')),
  representative_id INTEGER REFERENCES representative(id),
  basis          TEXT,
  id_document    TEXT CHECK (id_document IS NULL OR id_document IN
                   ('passport', 'id_card', 'driving_licence',
                    'residence_permit', 'known_in_person', 'digid')),
  id_last        TEXT CHECK (id_last IS NULL OR length(id_last) <= 4),
  state          TEXT NOT NULL CHECK (state IN ('received',
                   'awaiting_identity', 'in_progress', 'decided',
                   'carried_out', 'closed')),
  decision       TEXT CHECK (decision IS NULL OR decision IN ('granted',
                   'partly', 'refused')),
  reasons        BLOB,
  excessive      INTEGER NOT NULL DEFAULT 0,
  fee_cents      INTEGER CHECK (fee_cents IS NULL OR fee_cents > 0),
  extended_on    TEXT,
  explanation    TEXT CHECK (explanation IS NULL OR explanation IN
                   ('offered', 'accepted', 'declined')),
  assignee_id    INTEGER REFERENCES staff_user(id),
  details        BLOB,
  created_at     TEXT NOT NULL,
  decided_at     TEXT,
  carried_out_at TEXT,
  closed_at      TEXT
);
CREATE INDEX request_open ON request(tenant_id, state, id);
CREATE INDEX request_subject ON request(tenant_id, subject_id, id);

-- RQ-3: while proof of identity is awaited the clock stops; to_on is
-- NULL until the proof arrives.
CREATE TABLE request_suspension (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  request_id  INTEGER NOT NULL REFERENCES request(id),
  from_on     TEXT NOT NULL,
  to_on       TEXT CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE INDEX request_suspension_request
  ON request_suspension(tenant_id, request_id);

-- INZ-2: an entry withheld from an access or copy to protect another
-- person, with the reason (sealed), which goes on the decision.
CREATE TABLE request_withheld (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  request_id  INTEGER NOT NULL REFERENCES request(id),
  entry_id    INTEGER NOT NULL REFERENCES entry(id),
  reason      BLOB NOT NULL,
  UNIQUE (request_id, entry_id)
);

-- The history of a request as its handlers see it: each change of state
-- and each act on it, by whom and when. The log has the same acts
-- (LOG-1); this is the request's own page.
CREATE TABLE request_event (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  request_id  INTEGER NOT NULL REFERENCES request(id),
  at          TEXT NOT NULL,
  by_user     TEXT NOT NULL,
  what        TEXT NOT NULL,
  state       TEXT NOT NULL
);
CREATE INDEX request_event_request ON request_event(tenant_id, request_id, id);

-- A decided request keeps its decision: a new decision is a new request.
CREATE TRIGGER request_decided_once BEFORE UPDATE OF decision ON request
  WHEN OLD.decision IS NOT NULL AND NEW.decision IS NOT OLD.decision
BEGIN
  SELECT RAISE(ABORT, 'a request is decided once');
END;

-- RQ-5: a refusal, in whole or in part, carries its reasons.
CREATE TRIGGER request_refusal_reasons BEFORE UPDATE ON request
  WHEN NEW.decision IN ('partly', 'refused') AND NEW.reasons IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a refusal needs its reasons');
END;
