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
        var admin = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
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
    /// the catalog so the reset can never drift from the schema.
    /// </summary>
    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string tablesSql = """
            SELECT format('%I', c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND coalesce(obj_description(c.oid, 'pg_class'), '') <> 'reference-data'
            """;
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(tablesSql, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return;
        }

        await using var truncate = new NpgsqlCommand($"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE", connection);
        await truncate.ExecuteNonQueryAsync();
    }
}
