-- 024_recipient_kinds: the kinds of recipient of issue 14, the same in
-- every profile (docs/profiles.md): specialist, care_provider, insurer,
-- directly_involved, statistics, researcher, public_body, other. Consents
-- and objections recorded before name three kinds by their old names;
-- they are renamed here so that the disclosure register matches them
-- (OBJ-1, DIS-1). Profiles stored with the old names keep loading: the
-- loader reads them as aliases (profile_recipient_parse()).
UPDATE consent SET recipient_kind = 'care_provider'
 WHERE recipient_kind = 'treating_provider';
UPDATE consent SET recipient_kind = 'specialist'
 WHERE recipient_kind = 'referring_specialist';
UPDATE consent SET recipient_kind = 'researcher'
 WHERE recipient_kind = 'research';
UPDATE objection SET recipient_kind = 'care_provider'
 WHERE recipient_kind = 'treating_provider';
UPDATE objection SET recipient_kind = 'specialist'
 WHERE recipient_kind = 'referring_specialist';
UPDATE objection SET recipient_kind = 'researcher'
 WHERE recipient_kind = 'research';
