-- 013_act_basis: REP-6 for every act for a subject. A consent records who
-- gave it and on what basis since 005; its withdrawal and an objection
-- now record the basis too: the rule and the reason for which the one
-- who acted could act for the subject ("REP-1 minor", "CON-3
-- able_subject_despite_authorisation", ...).
ALTER TABLE consent ADD COLUMN withdrawn_basis TEXT COLLATE "C";
ALTER TABLE objection ADD COLUMN representative_basis TEXT COLLATE "C";
