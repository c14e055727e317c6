-- 032_breach: the breach register (BRE-1 to BRE-3, FG-1; GDPR art. 33(5)).
--
-- Every breach is documented, notified or not (BRE-1, W§17.2): when the
-- organisation became aware of it, the categories of data and the
-- approximate numbers of people and records (plain: they are the clock's
-- and the register's facts, not about anyone), and the facts, cause,
-- likely consequences and measures. Those texts may name clients, so
-- they are sealed, as one JSON document, with the organisation's key
-- (seal_tenant_kek, associated data "zk1|tenant|breach|uid|details"): a
-- breach belongs to no one subject's record, so no subject's key, and an
-- erasure does not take the register's memory of it (art. 33(5)).
CREATE TABLE breach (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  uid              TEXT NOT NULL UNIQUE,
  aware_at         TEXT NOT NULL,
  categories       TEXT NOT NULL,
  people_approx    INTEGER NOT NULL CHECK (people_approx >= 0),
  records_approx   INTEGER NOT NULL CHECK (records_approx >= 0),
  details          BLOB NOT NULL,
  reported_at      TEXT NOT NULL,
  reported_by      TEXT NOT NULL,
  -- The DPO's assessment (BRE-2, BRE-3): the risk with its reasons
  -- (sealed, as the details) and the exemptions of art. 34(3).
  risk             TEXT CHECK (risk IN ('none', 'risk', 'high')),
  risk_reasons     BLOB,
  encrypted        INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
  risk_removed     INTEGER NOT NULL DEFAULT 0 CHECK (risk_removed IN (0, 1)),
  disproportionate INTEGER NOT NULL DEFAULT 0
                     CHECK (disproportionate IN (0, 1)),
  assessed_at      TEXT,
  assessed_by      TEXT,
  updated_at       TEXT NOT NULL,
  CHECK (risk IS NULL OR (risk_reasons IS NOT NULL AND assessed_at IS NOT NULL
                          AND assessed_by IS NOT NULL))
);
CREATE INDEX breach_tenant ON breach(tenant_id, aware_at);

-- BRE-2, art. 33(4): the notification to the AP in phases: number 1 is
-- the first notice, the later ones additions; each with when it was sent,
-- the AP's reference, and what it added (sealed as the details).
CREATE TABLE breach_ap_notice (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  breach_id        INTEGER NOT NULL REFERENCES breach(id),
  phase            INTEGER NOT NULL CHECK (phase >= 1),
  sent_at          TEXT NOT NULL,
  reference        TEXT NOT NULL,
  addition         BLOB NOT NULL,
  recorded_at      TEXT NOT NULL,
  recorded_by      TEXT NOT NULL,
  UNIQUE (breach_id, phase)
);
CREATE INDEX breach_ap_notice_breach ON breach_ap_notice(tenant_id, breach_id);

-- BRE-3: who was told, when and how: a letter, e-mail, phone call or the
-- public notice of art. 34(3)(c). "who" may name people: sealed.
CREATE TABLE breach_notified (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  breach_id        INTEGER NOT NULL REFERENCES breach(id),
  who              BLOB NOT NULL,
  people           INTEGER NOT NULL CHECK (people >= 0),
  how              TEXT NOT NULL CHECK (how IN ('letter', 'email', 'phone',
                     'public_notice')),
  notified_at      TEXT NOT NULL,
  recorded_at      TEXT NOT NULL,
  recorded_by      TEXT NOT NULL
);
CREATE INDEX breach_notified_breach ON breach_notified(tenant_id, breach_id);
