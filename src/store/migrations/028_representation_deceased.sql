-- 028_representation_deceased: representation managed over time (REP-1
-- to REP-6) and the requests of next of kin after death (INZ-5).
--
-- A representation ends (ended_at, already in 005) and who ended it is
-- kept; one that ended no longer acts. A change of kind, declining or
-- absence is made in place and stamped; the log has each change.
ALTER TABLE representative ADD COLUMN ended_by TEXT;
ALTER TABLE representative ADD COLUMN changed_at TEXT;

-- REP-4: the matter an assessment is about, as one of a small vocabulary
-- the decisions use (the sealed free text of 005 stays its description),
-- and the day from which it no longer counts (lapses_on, exclusive).
ALTER TABLE capacity_assessment ADD COLUMN scope TEXT NOT NULL
  DEFAULT 'general' CHECK (scope IN ('general', 'privacy', 'treatment'));
ALTER TABLE capacity_assessment ADD COLUMN lapses_on TEXT;

-- REP-5: obligations owed to a subject go to their representative,
-- unless that is incompatible with the care of a good controller
-- (M§7.8, W§4.5). That judgement, with its reason (sealed: it may
-- describe the client), makes letters go to the subject.
CREATE TABLE subject_direct_address (
  subject_id   INTEGER PRIMARY KEY REFERENCES subject(id),
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  reason       BLOB NOT NULL,
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
);

-- INZ-5 (W§10.4, WGBO 7:458a): the access or copy a next of kin asks for
-- about a deceased subject. Their name is sealed with the subject's key;
-- the treating professional's decision records its ground and what is
-- released (categories, and entries by uid), and nothing more is given.
CREATE TABLE kin_request (
  request_id   INTEGER PRIMARY KEY REFERENCES request(id),
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  name         BLOB NOT NULL,
  relation     TEXT NOT NULL CHECK (relation IN ('spouse_partner',
                 'child', 'parent', 'sibling', 'other_relative', 'heir')),
  ground       TEXT CHECK (ground IS NULL OR ground IN ('presumed_consent',
                 'weighty_interest', 'consented_in_life', 'incident_notice',
                 'parent_of_child_under_16')),
  decided_by   TEXT,
  decided_at   TEXT,
  categories   TEXT,
  entries      TEXT
);
