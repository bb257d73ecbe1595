CREATE TABLE stored_files (
    id uuid PRIMARY KEY,
    sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    tenant_id uuid NOT NULL,
    uploaded_by uuid NOT NULL REFERENCES users (id),
    file_name varchar(255) NOT NULL,
    media_type varchar(100) NOT NULL,
    length bigint NOT NULL CHECK (length > 0),
    uploaded_at timestamptz NOT NULL
);
-- The same bytes uploaded twice by one tenant are one file.
CREATE UNIQUE INDEX ix_stored_files_tenant_id_sha256 ON stored_files (tenant_id, sha256);
