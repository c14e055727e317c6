-- 014_representative_consent: W§4.1 lets a person authorised in writing
-- represent a resident who is not able only "met toestemming van curator
-- of mentor". legal_consent records that the curator or mentor consented
-- to the authorisation; a profile that requires it
-- ("authorised_needs_consent") passes over an authorised person without it.
ALTER TABLE representative ADD COLUMN legal_consent BIGINT NOT NULL DEFAULT 0;
