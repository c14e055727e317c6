-- 027_disclosure: the disclosure register (DIS-1 to DIS-5, SEC-2, OBJ-1)
-- and the notices to its recipients (COR-3).
--
-- A recipient is a third party data may go to: its kind (the same names
-- in every profile, docs/profiles.md), its country (SEC-2: outside the
-- EEA only with an adequacy decision; the United States only for a
-- certified recipient) and the basis of its confidentiality (DIS-4: the
-- codes of ACC-4, profession, office, law or agreement). A recipient is
-- an organisation or a professional, not a subject: it is not sealed.
CREATE TABLE recipient (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL,
  country         TEXT NOT NULL CHECK (length(country) = 2),
  certified       INTEGER NOT NULL DEFAULT 0 CHECK (certified IN (0, 1)),
  confidentiality TEXT NOT NULL CHECK (confidentiality IN ('profession',
                    'office', 'law', 'agreement')),
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL
);
CREATE INDEX recipient_tenant ON recipient(tenant_id, name);

-- DIS-1: every disclosure, with its ground: a consent (consent_id), a
-- legal obligation (its statute) or a DIS-2 exception (its code), the
-- purpose, the rule the decision gave, the day, who disclosed it, and the
-- request it answered, if any. Only permitted disclosures are kept here;
-- a refused one is in the log (LOG-1).
CREATE TABLE disclosure (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  subject_id      INTEGER NOT NULL REFERENCES subject(id),
  recipient_id    INTEGER NOT NULL REFERENCES recipient(id),
  ground          TEXT NOT NULL CHECK (ground IN ('consent',
                    'legal_obligation', 'exception')),
  consent_id      INTEGER REFERENCES consent(id),
  statute         TEXT,
  exception_code  TEXT,
  purpose         TEXT NOT NULL,
  identifiable    INTEGER NOT NULL DEFAULT 1 CHECK (identifiable IN (0, 1)),
  rule            TEXT NOT NULL,
  disclosed_on    TEXT NOT NULL,
  disclosed_at    TEXT NOT NULL,
  disclosed_by    TEXT NOT NULL,
  request_id      INTEGER REFERENCES request(id),
  CHECK (ground <> 'consent' OR consent_id IS NOT NULL),
  CHECK (ground <> 'legal_obligation' OR statute IS NOT NULL),
  CHECK (ground <> 'exception' OR exception_code IS NOT NULL)
);
CREATE INDEX disclosure_subject ON disclosure(tenant_id, subject_id, id);
CREATE INDEX disclosure_recipient ON disclosure(tenant_id, recipient_id);

-- What went: a whole category (entry_id NULL: its entries as they were
-- on the day) or one entry. The entry is named by row id and uid without
-- a foreign key: the register outlives an erased entry (ERA), and says
-- only what was sent, never its content.
CREATE TABLE disclosure_item (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  disclosure_id   INTEGER NOT NULL REFERENCES disclosure(id),
  category        TEXT NOT NULL,
  entry_id        INTEGER,
  entry_uid       TEXT
);
CREATE INDEX disclosure_item_disclosure
  ON disclosure_item(tenant_id, disclosure_id);
CREATE INDEX disclosure_item_entry ON disclosure_item(tenant_id, entry_id);

-- COR-3: a recipient who received data before is told of its
-- rectification, completion, erasure or shielding: one notice per
-- recipient per change (the request, or else the entry, it concerns),
-- pending until it is sent (channel and day) or found impossible or
-- disproportionate (with the reason, M§10.3, sealed with the subject's
-- key: it may describe them).
CREATE TABLE recipient_notice (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  uid             TEXT NOT NULL UNIQUE,
  subject_id      INTEGER NOT NULL REFERENCES subject(id),
  recipient_id    INTEGER NOT NULL REFERENCES recipient(id),
  change          TEXT NOT NULL CHECK (change IN ('rectification',
                    'completion', 'erasure', 'shielding')),
  request_id      INTEGER REFERENCES request(id),
  entry_id        INTEGER,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent',
                    'impossible', 'disproportionate')),
  channel         TEXT,
  sent_on         TEXT,
  reason          BLOB,
  opened_at       TEXT NOT NULL,
  recorded_at     TEXT,
  recorded_by     TEXT,
  CHECK (request_id IS NOT NULL OR entry_id IS NOT NULL),
  CHECK (state <> 'sent' OR (channel IS NOT NULL AND sent_on IS NOT NULL)),
  CHECK (state NOT IN ('impossible', 'disproportionate')
         OR (reason IS NOT NULL AND length(reason) > 0))
);
CREATE INDEX recipient_notice_subject
  ON recipient_notice(tenant_id, subject_id, id);
