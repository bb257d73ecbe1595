using Npgsql;

namespace Market.Api.Persistence;

/// <summary>
/// The application's statements are few and always the same text (EF Core and the hand-written SQL send parameters,
/// never inlined values), so PostgreSQL parses and plans each one once per connection instead of on every call:
/// Npgsql prepares a statement automatically from its second use on a pooled connection (ADR 0046). Planning was
/// most of PostgreSQL's CPU per claim (docs/benchmarks.md, section 1).
/// </summary>
public static class PreparedStatements
{
    /// <summary>Statements kept prepared per physical connection; <c>Database:MaxAutoPrepare</c> = 0 turns it off.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    public static string Apply(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare != 0)
        {
            return connectionString; // set explicitly in the connection string: that wins
        }

        builder.MaxAutoPrepare = configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }
}
