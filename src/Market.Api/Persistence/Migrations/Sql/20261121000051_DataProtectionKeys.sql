-- The API's Data Protection key ring (bearer tokens, 2FA setup tickets, reset tokens are protected with it), shared by
-- every API instance through the database. Not business data: kept when tests reset data.
CREATE TABLE data_protection_keys (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name varchar(200) NULL,
    xml text NOT NULL
);
COMMENT ON TABLE data_protection_keys IS 'reference-data';
