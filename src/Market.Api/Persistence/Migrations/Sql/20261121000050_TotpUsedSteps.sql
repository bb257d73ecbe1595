-- Each authenticator (TOTP) code is usable once: the time step of the last accepted code per user. A table of its own
-- because Identity's user store rewrites the whole users row on every update.
CREATE TABLE totp_used_steps (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_step bigint NOT NULL
);
