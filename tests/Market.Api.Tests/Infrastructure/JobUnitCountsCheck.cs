using Npgsql;

namespace Market.Api.Tests.Infrastructure;

/// <summary>
/// The job progress counters (job_unit_counts, kept by triggers on work_units; ADR 0045) against a real GROUP BY of the
/// units. <see cref="ApiTest"/> checks this after every test, so every path any test drives — posting, claims,
/// submissions, reviews, cancellations, subcontracts, the bench-style raw SQL of the plan tests — is held to it.
/// </summary>
public static class JobUnitCountsCheck
{
    public static async Task<IReadOnlyList<string>> DisagreementsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(c.job_id, u.job_id), coalesce(c.status, u.status), coalesce(c.n, 0), coalesce(u.n, 0)
            FROM (SELECT job_id, status, sum(count) AS n FROM job_unit_counts GROUP BY job_id, status) c
            FULL JOIN (SELECT job_id, status, count(*) AS n FROM work_units GROUP BY job_id, status) u
                ON u.job_id = c.job_id AND u.status = c.status
            WHERE coalesce(c.n, 0) <> coalesce(u.n, 0)
            UNION ALL
            SELECT NULL, NULL, count(*), 0 FROM job_unit_count_flushes HAVING count(*) > 0
            """,
            connection);
        var problems = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            problems.Add(reader.IsDBNull(0)
                ? $"{reader.GetInt64(2)} job_unit_count_flushes row(s) left after their transactions"
                : $"job {reader.GetGuid(0)} status {reader.GetInt32(1)}: counters say {reader.GetInt64(2)}, the units {reader.GetInt64(3)}");
        }

        return problems;
    }

    public static async Task AssertAgreeAsync(string connectionString)
    {
        var problems = await DisagreementsAsync(connectionString);
        Assert.True(problems.Count == 0, "job_unit_counts disagree with work_units:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }
}
