-- Fixed-window counters of the per-IP and per-user rate limits (sign-in, registration, claim, upload), shared by every
-- API instance so N instances still allow the configured limit, not N times it (ADR 0042). UNLOGGED: a counter is
-- worth nothing after a crash (the windows restart), and unlogged writes skip the WAL on every request they guard.
-- Written with one upsert per call; each call also drops the key's ended windows. Not in the EF model.
CREATE UNLOGGED TABLE rate_limit_counters (
    key varchar(300) NOT NULL,
    window_start timestamptz NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (key, window_start)
);
