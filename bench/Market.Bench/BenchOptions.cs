using Npgsql;

namespace Market.Bench;

/// <summary>
/// What one run measures and at which sizes. The full sizes are chosen so that <c>./market bench</c> ends in under
/// 20 minutes on a shared 2-core machine; <c>--quick</c> divides the large ones by ten for a smoke run.
/// </summary>
public sealed class BenchOptions
{
    public required bool Quick { get; init; }

    /// <summary>Server, port and credentials; the database name is replaced by <see cref="Database"/>.</summary>
    public required string BaseConnectionString { get; init; }

    public required string Database { get; init; }

    public required string RepositoryRoot { get; init; }

    public required string OutputFile { get; init; }

    /// <summary>Sections to run (claims, split, payout, http, web, growth, plans); empty means all.</summary>
    public required IReadOnlySet<string> Only { get; init; }

    public string StateDirectory => Path.Combine(RepositoryRoot, ".market", "bench");

    public string Configuration { get; init; } = "Release";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(BaseConnectionString)
    {
        Database = Database,
        CommandTimeout = 600,
        MaxPoolSize = 200,
        IncludeErrorDetail = true,
    }.ConnectionString;

    public NpgsqlConnectionStringBuilder Server => new(BaseConnectionString);

    // ---- sizes -------------------------------------------------------------------------------------------------

    /// <summary>Seconds each claim run lasts (every system gets the same).</summary>
    public int ClaimSeconds => Quick ? 4 : 8;

    /// <summary>Workers of the benchmark agent; each may hold 10 units, so a run can claim at most ten times this.</summary>
    public int Workers => Quick ? 1_500 : 4_000;

    /// <summary>The growth base: the claim pool is measured at 10×, 100× and 1,000× this many units.</summary>
    public int GrowthBase => Quick ? 100 : 1_000;

    /// <summary>Units in the large table used by the claim comparison and the HTTP latency runs (the 1,000× size).</summary>
    public int LargeUnits => GrowthBase * 1_000;

    public int CsvRecords => Quick ? 100_000 : 1_000_000;

    public int WavMinutes => 60;

    public int HttpSeconds => Quick ? 4 : 8;

    public int BoardUnits => 10_000;

    public bool Runs(string section) => Only.Count == 0 || Only.Contains(section);
}
