-- SEC-3, ACC-3: a password that an administrator chose for someone else
-- is known to that administrator. Its owner replaces it before the
-- account can do anything else (1); 0 once the owner chose their own,
-- and for accounts set up by the operator on the server.
ALTER TABLE staff_user ADD COLUMN password_change BIGINT NOT NULL DEFAULT 0;
