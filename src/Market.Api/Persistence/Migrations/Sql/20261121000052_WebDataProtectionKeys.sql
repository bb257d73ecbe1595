-- The Web's Data Protection key ring (session cookies, antiforgery tokens, pending 2FA sign-ins), shared by every Web
-- instance through the database (ADR 0028). A ring of its own, apart from the API's data_protection_keys: the Web
-- never sees the keys that protect bearer tokens, and a database role for the Web needs rights on this table only.
-- Read and written by Market.Web over plain Npgsql, so it is not in the EF model. Kept when tests reset data.
CREATE TABLE web_data_protection_keys (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name varchar(200) NULL,
    xml text NOT NULL
);
COMMENT ON TABLE web_data_protection_keys IS 'reference-data';
