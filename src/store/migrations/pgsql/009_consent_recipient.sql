-- 009_consent_recipient: CON-1. A consent's scope may name one recipient
-- (for example a general practice), besides or instead of a recipient kind.
ALTER TABLE consent ADD COLUMN recipient TEXT COLLATE "C";
