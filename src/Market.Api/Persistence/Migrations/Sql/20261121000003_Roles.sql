-- Roles are reference data shipped with the schema. Tables marked 'reference-data' keep their rows when tests reset data.
INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES
    ('0195a000-0000-7000-8000-000000000001', 'PlatformAdmin', 'PLATFORMADMIN', '1'),
    ('0195a000-0000-7000-8000-000000000002', 'ClientMember', 'CLIENTMEMBER', '1'),
    ('0195a000-0000-7000-8000-000000000003', 'AgentOwner', 'AGENTOWNER', '1'),
    ('0195a000-0000-7000-8000-000000000004', 'AgentCoordinator', 'AGENTCOORDINATOR', '1'),
    ('0195a000-0000-7000-8000-000000000005', 'AgentReviewer', 'AGENTREVIEWER', '1'),
    ('0195a000-0000-7000-8000-000000000006', 'Worker', 'WORKER', '1');

COMMENT ON TABLE roles IS 'reference-data';
COMMENT ON TABLE "__EFMigrationsHistory" IS 'reference-data';
