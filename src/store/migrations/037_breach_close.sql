-- 037_breach_close: a breach is closed by the DPO (BRE-1, FG-1).
--
-- When the facts are complete, the AP and the subjects told (or the
-- reasons not to tell them recorded), the DPO closes the breach with a
-- reason: its clock stops showing as open, and it cannot be changed
-- afterwards (the service refuses with 409). The register keeps it
-- (art. 33(5)). The reason may name clients, so it is sealed like the
-- other texts of 032 (associated data "zk1|tenant|breach|uid|close").
-- All three are NULL while the breach is open.
ALTER TABLE breach ADD COLUMN closed_at TEXT;
ALTER TABLE breach ADD COLUMN closed_by TEXT;
ALTER TABLE breach ADD COLUMN close_reason BLOB;
