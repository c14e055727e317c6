-- 029_request_change: what a granted request to correct, complete,
-- erase, shield or restrict changes (COR-1, COR-2, ERA-1, SHD-1, RST-1),
-- recorded before the decision so that `request carry-out` can do it.
-- Content and reasons may describe the client and are sealed with the
-- subject's key. Entries are named by uid, not by row: an erased entry's
-- row goes, its change stays as the record of what was asked.
CREATE TABLE request_change (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  uid         TEXT NOT NULL UNIQUE,
  request_id  INTEGER NOT NULL REFERENCES request(id),
  op          TEXT NOT NULL CHECK (op IN ('correct', 'complete', 'erase',
                'shield', 'restrict')),
  entry_uid   TEXT,
  category    TEXT,
  content     BLOB,
  reason      BLOB,
  ground      TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  done_at     TEXT,
  result_uid  TEXT
);
CREATE INDEX request_change_request ON request_change(tenant_id, request_id, id);

-- ERA-2: an erasure is refused only on a ground the law names.
ALTER TABLE request ADD COLUMN refusal_ground TEXT
  CHECK (refusal_ground IS NULL OR refusal_ground IN ('legal_retention',
    'interest_of_another', 'agreement_with_subject'));
