using Npgsql;

namespace Market.Api.Persistence;

/// <summary>
/// How the application's pooled connections talk to PostgreSQL (ADR 0046). Both settings remove work PostgreSQL did on
/// every request for nothing; planning was most of its CPU per claim (docs/benchmarks.md, section 1).
/// <list type="bullet">
/// <item>Prepared statements: the statements are few and always the same text (EF Core and the hand-written SQL send
/// parameters, never inlined values), so Npgsql prepares each from its second use on a connection and PostgreSQL parses
/// and plans it once per connection instead of on every call. <c>Database:MaxAutoPrepare</c> = 0 turns it off.</item>
/// <item>No reset on close: a connection given back to the pool is not wiped with seven commands (CLOSE ALL, RESET ALL,
/// UNLISTEN *, …) sent before its next use. The application keeps no session state on pooled connections: settings are
/// <c>SET LOCAL</c>, advisory locks are transaction-scoped, and the team room LISTENs on its own unpooled connection.
/// <c>Database:ResetOnClose</c> = true brings the reset back.</item>
/// </list>
/// A setting written explicitly in the connection string wins.
/// </summary>
public static class PooledConnections
{
    public const int DefaultMaxAutoPrepare = 128;

    public static string Tune(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var written = connectionString.ToUpperInvariant();
        if (!written.Contains("AUTO PREPARE", StringComparison.Ordinal) && !written.Contains("AUTOPREPARE", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
            builder.AutoPrepareMinUsages = 2;
        }

        if (!written.Contains("RESET ON CLOSE", StringComparison.Ordinal) && !written.Contains("RESETONCLOSE", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = !configuration.GetValue("Database:ResetOnClose", false);
        }

        return builder.ConnectionString;
    }
}
