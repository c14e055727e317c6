-- 012_totp_step: a code of the second factor counts once (SEC-3, RFC 6238
-- section 5.2). totp_last_step is the TOTP time step (Unix time / 30) of
-- the last code accepted for the user; a code of that step or an earlier
-- one is refused, so a code seen over someone's shoulder or replayed from
-- a recorded request cannot be used again.
ALTER TABLE staff_user ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
