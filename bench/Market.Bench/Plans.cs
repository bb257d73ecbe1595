using System.Text;
using Npgsql;

namespace Market.Bench;

/// <summary>
/// EXPLAIN (ANALYZE, BUFFERS) of a captured statement inside a transaction that is rolled back (the claim query takes
/// row locks), and the check that its plan reaches the table through the expected index.
/// </summary>
public static class Plans
{
    public sealed record PlanCheck(string Name, string Plan, IReadOnlyList<string> ExpectedIndexes, IReadOnlyList<string> ForbiddenSeqScans)
    {
        /// <summary>The indexes the plan reaches the table through (any one of <see cref="ExpectedIndexes"/> will do).</summary>
        public IReadOnlyList<string> UsedIndexes => ExpectedIndexes.Where(i => Plan.Contains(" using " + i + " ", StringComparison.Ordinal)
            || Plan.Contains(" on " + i + " ", StringComparison.Ordinal) || Plan.Contains(" using " + i + "\n", StringComparison.Ordinal)).ToList();

        public IReadOnlyList<string> SeqScans => ForbiddenSeqScans.Where(t => Plan.Contains("Seq Scan on " + t + " ", StringComparison.Ordinal)
            || Plan.Contains("Seq Scan on " + t + "\n", StringComparison.Ordinal)).ToList();

        public bool Passed => UsedIndexes.Count > 0 && SeqScans.Count == 0;

        public string Markdown()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"**{Name}** — {(UsedIndexes.Count > 0 ? "uses " + string.Join(", ", UsedIndexes.Select(i => $"`{i}`")) : "**uses none of** " + string.Join(", ", ExpectedIndexes.Select(i => $"`{i}`")))}"
                + (SeqScans.Count > 0 ? $"; sequential scan on {string.Join(", ", SeqScans)}" : "; no sequential scan of " + string.Join(" or ", ForbiddenSeqScans)));
            sb.AppendLine();
            sb.AppendLine("```");
            sb.AppendLine(Plan.TrimEnd());
            sb.AppendLine("```");
            return sb.ToString();
        }
    }

    public static async Task<string> ExplainAnalyzeAsync(string connectionString, CapturedCommand command) =>
        await ExplainAsync(connectionString, command.ToCommand, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ");

    public static async Task<string> ExplainAnalyzeAsync(string connectionString, string sql) =>
        await ExplainAsync(connectionString, (connection, prefix) => new NpgsqlCommand(prefix + sql, connection), "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ");

    private static async Task<string> ExplainAsync(string connectionString, Func<NpgsqlConnection, string, NpgsqlCommand> build, string prefix)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = build(connection, prefix);
        command.Transaction = transaction;
        var lines = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.AppendLine(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        return lines.ToString();
    }
}
