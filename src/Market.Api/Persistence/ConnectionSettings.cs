using Npgsql;

namespace Market.Api.Persistence;

/// <summary>Session settings every connection of the API opens with.</summary>
public static class ConnectionSettings
{
    /// <summary>
    /// Turns PostgreSQL's JIT compilation off for the API's sessions (unless the connection string already sets it).
    /// The API's statements are short OLTP reads and writes; JIT compiles a statement whose estimated cost passes
    /// <c>jit_above_cost</c> before running it, and for the agent's unit board of a 10,000-unit job that compile took
    /// about a second of a statement that runs in 0.1 s (ADR 0045). Nothing the API sends runs long enough to win it back.
    /// </summary>
    public static string ForApi(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.Ordinal) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        }

        return builder.ConnectionString;
    }
}
