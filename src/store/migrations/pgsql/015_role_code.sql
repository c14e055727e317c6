-- LOG-5: the ISO 21298 functional role of the user in each log entry
-- (PersonalHealthcareProfessional, Administrator, ...), beside the
-- profile's own role id in user_role. Entries written before this column
-- existed keep NULL, and their keyed hash does not cover it.
ALTER TABLE audit_log ADD COLUMN role_code TEXT COLLATE "C";
