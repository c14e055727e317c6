-- 033_registers: the DPO's registers (FG-1, PRC-1, CMP-1, SEC-2).
--
-- The art. 30 register of processing activities: one activity per
-- purpose of the profile (purpose_id, seeded) or added by hand
-- (purpose_id NULL). Seeding fills an activity from the profile and may
-- refresh it while nobody edited it; an edit names who and when
-- (edited_by, edited_at) and is never overwritten by seeding.
CREATE TABLE processing_activity (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  purpose_id      TEXT,
  name            TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  legal_basis     TEXT NOT NULL,
  subjects        TEXT NOT NULL,
  data_categories TEXT NOT NULL,
  recipients      TEXT NOT NULL,
  transfers       TEXT NOT NULL,
  retention       TEXT NOT NULL,
  security        TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  edited_at       TEXT,
  edited_by       TEXT,
  UNIQUE (tenant_id, purpose_id)
);

-- PRC-1: a processor, what it processes, where (SEC-2), and its
-- agreement: signed and valid until (both NULL: none), and what it binds
-- (GDPR art. 28(3)), one flag each.
CREATE TABLE processor (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  processes       TEXT NOT NULL,
  country         TEXT NOT NULL CHECK (length(country) = 2),
  certified       INTEGER NOT NULL DEFAULT 0 CHECK (certified IN (0, 1)),
  signed_on       TEXT,
  valid_until     TEXT,
  instruction     INTEGER NOT NULL DEFAULT 0 CHECK (instruction IN (0, 1)),
  security        INTEGER NOT NULL DEFAULT 0 CHECK (security IN (0, 1)),
  audit           INTEGER NOT NULL DEFAULT 0 CHECK (audit IN (0, 1)),
  secrecy         INTEGER NOT NULL DEFAULT 0 CHECK (secrecy IN (0, 1)),
  subprocessors   INTEGER NOT NULL DEFAULT 0 CHECK (subprocessors IN (0, 1)),
  breach          INTEGER NOT NULL DEFAULT 0 CHECK (breach IN (0, 1)),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  updated_at      TEXT,
  updated_by      TEXT,
  CHECK (valid_until IS NULL OR signed_on IS NOT NULL)
);
CREATE INDEX processor_tenant ON processor(tenant_id, name);

-- CMP-1: a complaint. What it is about, how it was handled and what came
-- of it may hold care content: they are sealed together (content), with
-- the subject's key when the complaint names a subject, else with a key
-- of the complaint's own, kept wrapped by the organisation's key
-- (wrapped_key). The rest is what the board may read.
CREATE TABLE complaint (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  received_on     TEXT NOT NULL,
  channel         TEXT NOT NULL,
  complainant     TEXT NOT NULL CHECK (complainant IN ('subject',
                    'representative', 'other')),
  subject_id      INTEGER REFERENCES subject(id),
  content         BLOB NOT NULL,
  wrapped_key     BLOB,
  status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  outcome         TEXT CHECK (outcome IN ('upheld', 'partly_upheld',
                    'not_upheld', 'withdrawn')),
  closed_on       TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  updated_at      TEXT,
  updated_by      TEXT,
  CHECK (subject_id IS NOT NULL OR wrapped_key IS NOT NULL),
  CHECK (status <> 'closed' OR (outcome IS NOT NULL
                                AND closed_on IS NOT NULL))
);
CREATE INDEX complaint_tenant ON complaint(tenant_id, received_on);
CREATE INDEX complaint_subject ON complaint(tenant_id, subject_id);

-- SEC-2: a transfer outside the EEA, with its ground: an adequacy
-- decision of the country, or a safeguard of GDPR art. 46 (basis_ref
-- names the document). A refused transfer is not kept (the log has it).
CREATE TABLE transfer (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  recipient       TEXT NOT NULL,
  processor_id    INTEGER REFERENCES processor(id),
  country         TEXT NOT NULL CHECK (length(country) = 2),
  certified       INTEGER NOT NULL DEFAULT 0 CHECK (certified IN (0, 1)),
  what            TEXT NOT NULL,
  basis           TEXT NOT NULL CHECK (basis IN ('adequacy', 'scc', 'bcr',
                    'code_of_conduct', 'certification', 'legal_instrument',
                    'authorised_clauses')),
  basis_ref       TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
);
CREATE INDEX transfer_tenant ON transfer(tenant_id, id);
CREATE INDEX transfer_processor ON transfer(tenant_id, processor_id);
