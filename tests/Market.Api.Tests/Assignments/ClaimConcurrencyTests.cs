using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using Market.Api.Features.Me.Units;
using Market.Api.Infrastructure;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Common;
using Market.Domain.Tenancy;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Assignments;

/// <summary>
/// 64 concurrent claimers drain 10,000 units through the real claim handler against PostgreSQL; afterwards the
/// database must show every unit claimed exactly once and none held twice.
/// </summary>
public sealed class ClaimConcurrencyTests(ApiFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : ApiTest(fixture)
{
    private const int Records = 5_000; // × 2 keyings = 10,000 units
    private const int Claimers = 64;
    private const int Workers = 1_100; // capacity 10 each; a few spare so twins left at the tail still find a taker

    [Fact]
    public async Task SixtyFourClaimers_DrainTenThousandUnits_EachClaimedExactlyOnce()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var world = await WorkWorld.CreateAsync(Factory, records: Records, batchSize: 1, workers: 0);
        output.WriteLine($"job with 10,000 units: {clock.Elapsed}");
        var workerIds = await InsertWorkersAsync(world.Agent.Id);
        output.WriteLine($"workers: {clock.Elapsed}");
        var queue = new ConcurrentQueue<Guid>(workerIds);
        var claimed = 0;

        await Task.WhenAll(Enumerable.Range(0, Claimers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var workerId))
            {
                using var scope = Factory.Services.CreateScope();
                scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = WorkerContext(workerId, world.Agent.Id);
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                while (true)
                {
                    try
                    {
                        await mediator.Send(new ClaimNextUnit());
                        Interlocked.Increment(ref claimed);
                    }
                    catch (EligibilityException e) when (e.Code == "worker_at_capacity")
                    {
                        break;
                    }
                    catch (NotFoundException e) when (e.Code == "no_unit_available")
                    {
                        return;
                    }
                }
            }
        })));

        output.WriteLine($"claims: {clock.Elapsed}");
        Assert.Equal(Records * 2, claimed);
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(Records * 2L, await ScalarAsync(connection, "SELECT count(*) FROM work_units WHERE status = 2"));
        Assert.Equal(Records * 2L, await ScalarAsync(connection, "SELECT count(*) FROM assignments WHERE status = 0"));
        Assert.Equal(Records * 2L, await ScalarAsync(connection, "SELECT count(DISTINCT unit_id) FROM assignments"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM (SELECT unit_id FROM assignments GROUP BY unit_id HAVING count(*) > 1) twice"));
        Assert.Equal(0L, await ScalarAsync(connection, """
            SELECT count(*) FROM work_units u JOIN assignments a ON a.unit_id = u.id AND a.status = 0
            WHERE u.worker_id <> a.worker_id OR u.assignment_id <> a.id
            """));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM work_units u JOIN work_units t ON t.id = u.twin_unit_id WHERE u.worker_id = t.worker_id"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM (SELECT worker_id FROM assignments WHERE status = 0 GROUP BY worker_id HAVING count(*) > 10) over"));
    }

    private static DefaultHttpContext WorkerContext(Guid workerId, Guid agentId) => new()
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, workerId.ToString()),
            new Claim(ClaimTypes.Role, Roles.Worker),
            new Claim(MarketClaimTypes.TenantKind, nameof(TenantKind.Agent)),
            new Claim(MarketClaimTypes.TenantId, agentId.ToString()),
        ], "test")),
    };

    /// <summary>Workers straight into the tables: the claim path is under test here, not registration or password hashing.</summary>
    private async Task<List<Guid>> InsertWorkersAsync(Guid agentId)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        var sql = new StringBuilder();
        sql.Append($"""
            CREATE TEMP TABLE new_workers AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, {Workers}) n;
            INSERT INTO users (id, display_name, preferred_language, created_at, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
                SELECT id, 'worker ' || n, 'ja', now(), 'load' || n || '@hub.jp', 'LOAD' || n || '@HUB.JP', 'load' || n || '@hub.jp', 'LOAD' || n || '@HUB.JP',
                       true, false, false, true, 0, md5(id::text) FROM new_workers;
            INSERT INTO memberships (id, user_id, role, tenant_kind, tenant_id, status, joined_at)
                SELECT gen_random_uuid(), id, 'Worker', 2, '{agentId}', 0, now() FROM new_workers;
            INSERT INTO worker_profiles (agent_id, user_id, hours_per_week, max_concurrent_units, skills, prefecture, municipality, tier, tier_since, status, registered_at)
                SELECT '{agentId}', id, 40, 10, ARRAY[0,1,2], '高知県', '四万十町', 0, now(), 0, now() FROM new_workers;
            INSERT INTO worker_certifications (user_id, code, agent_id, issued_at, valid_until, renewal_opens_at, grace_ends_at)
                SELECT id, code, '{agentId}', now(), now() + interval '1 year', now() + interval '11 months', now() + interval '1 year 14 days'
                FROM new_workers CROSS JOIN unnest(ARRAY['confidentiality', 'transcription_l1', 'data_entry', 'web_editing']) AS code;
            """);
        await using (var insert = new NpgsqlCommand(sql.ToString(), connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var ids = new List<Guid>();
        await using var select = new NpgsqlCommand("SELECT id FROM new_workers ORDER BY n", connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
