using Npgsql;

namespace Market.Web.Tests.Support.EndToEnd;

/// <summary>
/// The real PostgreSQL the end-to-end tests run against. <c>./market test</c> starts it and passes MARKET_TEST_DB_BASE;
/// this project uses a database of its own so it can run beside the API's tests.
/// </summary>
public static class TestDatabase
{
    // A suffix lets two runs on one machine keep apart, as for the API's tests.
    public static readonly string Name = "furusato_test_web" + Environment.GetEnvironmentVariable("MARKET_TEST_DB_SUFFIX");

    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("MARKET_TEST_DB_BASE") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=55432;Username=market;Password=market";

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

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
