-- 002_totp: two-factor login (SEC-3). staff_user.totp_secret holds the
-- TOTP secret sealed with the tenant key; it counts once confirmed.
ALTER TABLE staff_user ADD COLUMN totp_confirmed_at TEXT COLLATE "C";
