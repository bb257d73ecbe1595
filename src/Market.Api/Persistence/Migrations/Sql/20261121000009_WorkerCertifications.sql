-- Certifications a worker holds and until when. The certification issue adds exams, renewal and grace on top;
-- eligibility (auto-assign, claim, manual assign) already reads validity from here and nowhere else.
CREATE TABLE worker_certifications (
    user_id uuid NOT NULL REFERENCES users (id),
    code varchar(40) NOT NULL,
    issued_at timestamptz NOT NULL,
    valid_until timestamptz NOT NULL,
    revoked_at timestamptz NULL,
    PRIMARY KEY (user_id, code)
);
