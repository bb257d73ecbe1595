using Npgsql;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL the tests run against. <c>./market test</c> starts it and passes MARKET_TEST_DB_BASE;
/// each test project uses a database of its own so projects can run side by side.
/// </summary>
public static class TestDatabase
{
    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("MARKET_TEST_DB_BASE") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=55432;Username=market;Password=market";

    // 120 s rather than Npgsql's 30 s: under 64 concurrent claimers on a 2-core CI box one claim query once took longer
    // (the pool's partial index fills with dead entries during the drain; see the performance issue). The assertions
    // about what the database holds afterwards are unchanged.
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = database, IncludeErrorDetail = true, CommandTimeout = 120 }.ConnectionString;

    public static async Task RecreateAsync(string database)
    {
        // DROP DATABASE waits for a checkpoint: with other work writing gigabytes on the same cluster that took over
        // Npgsql's 30 s (seen with the benchmarks running beside the tests).
        var admin = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = "postgres", Pooling = false, CommandTimeout = 300 }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{BaseConnectionString}'. Run the tests with ./market test, which starts it.", e);
        }

        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Empties every table except those the migrations mark as reference data (COMMENT 'reference-data'), read from
    /// the catalog so the reset can never drift from the schema, and restarts the sequences those tables own.
    /// </summary>
    /// <remarks>
    /// DELETE with triggers and foreign keys off (<c>session_replication_role = replica</c>; the append-only guards
    /// are triggers) rather than TRUNCATE: TRUNCATE gives each of the ~80 tables and their indexes new files, about
    /// ten times slower on the near-empty tables a test leaves, and it ran before almost every API test.
    /// </remarks>
    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string resetSql = """
            DO $$
            DECLARE item record;
            BEGIN
                SET LOCAL session_replication_role = replica;
                FOR item IN
                    SELECT c.oid, format('%I', c.relname) AS name
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r'
                      AND coalesce(obj_description(c.oid, 'pg_class'), '') <> 'reference-data'
                LOOP
                    EXECUTE 'DELETE FROM ' || item.name;
                END LOOP;
                FOR item IN
                    SELECT DISTINCT s.oid, format('%I', s.relname) AS name
                    FROM pg_class s
                    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    JOIN pg_class t ON t.oid = d.refobjid
                    JOIN pg_namespace n ON n.oid = t.relnamespace
                    WHERE s.relkind = 'S' AND n.nspname = 'public'
                      AND coalesce(obj_description(t.oid, 'pg_class'), '') <> 'reference-data'
                LOOP
                    EXECUTE 'ALTER SEQUENCE ' || item.name || ' RESTART';
                END LOOP;
            END $$;
            """;
        await using var reset = new NpgsqlCommand(resetSql, connection);
        await reset.ExecuteNonQueryAsync();
    }
}
