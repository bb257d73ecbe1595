using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Market.Api.Tests.Assignments;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Market.Api.Tests.Security;

/// <summary>
/// The audit trail: append-only in the database itself, readable by the agent's owner (their agent only) and the
/// operator (everything), covering sign-ins, content reads, assignments, reviews and suspensions; and the application
/// logs never hold personal data, passwords, tokens or keys.
/// </summary>
public sealed class AuditTrailTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task AuditLog_RefusesUpdateAndDelete_InTheDatabaseItself()
    {
        var agent = await TestData.AgentAsync(Factory, "Agent", "AUD-1");
        await TestData.UserAsync(Factory, "w@hub.jp", Roles.Worker, agent.Id);
        await Factory.ClientForAsync("w@hub.jp", TestData.Password); // a sign-in writes an entry

        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit_log WHERE action = 'user.signed_in'", connection);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task TheOwner_ReadsTheirAgentsTrail_AnotherAgentsOwnerCannot_TheOperatorReadsAll()
    {
        var world = await WorkWorld.CreateAsync(Factory, workers: 2);
        await TestData.UserAsync(Factory, "owner@hub.jp", Roles.AgentOwner, world.Agent.Id);
        var owner = await Factory.ClientForAsync("owner@hub.jp", TestData.Password);
        var worker = await world.WorkerClientAsync(1);
        await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "w2@hub.jp", password = "wrong-password-1" });
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync($"/api/v1/agents/{world.Agent.Id}/workers/{world.WorkerIds[1]}/suspend", new { reason = "規約違反" })).EnsureSuccessStatusCode();

        var trail = await (await owner.GetAsync($"/api/v1/agents/{world.Agent.Id}/audit-log?pageSize=500")).JsonAsync();
        var actions = trail.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ToHashSet();
        foreach (var expected in new[] { "user.signed_in", "user.sign_in_failed", "assignment.claimed", "unit.content.read", "worker.suspended" })
        {
            Assert.Contains(expected, actions);
        }

        Assert.All(trail.GetProperty("items").EnumerateArray(), i => Assert.Equal(world.Agent.Id, i.GetProperty("tenantId").GetGuid()));
        var signIns = await (await owner.GetAsync($"/api/v1/agents/{world.Agent.Id}/audit-log?action=user.sign")).JsonAsync();
        Assert.All(signIns.GetProperty("items").EnumerateArray(), i => Assert.StartsWith("user.sign", i.GetProperty("action").GetString()));

        await (await world.Coordinator.GetAsync($"/api/v1/agents/{world.Agent.Id}/audit-log")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var other = await TestData.AgentAsync(Factory, "Other", "AUD-2");
        await TestData.UserAsync(Factory, "owner@other.jp", Roles.AgentOwner, other.Id);
        var otherOwner = await Factory.ClientForAsync("owner@other.jp", TestData.Password);
        await (await otherOwner.GetAsync($"/api/v1/agents/{world.Agent.Id}/audit-log")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherOwner.GetAsync("/api/v1/audit-log")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await TestData.UserAsync(Factory, "op@example.jp", Roles.PlatformAdmin, null);
        var operatorClient = await Factory.ClientForAsync("op@example.jp", TestData.Password);
        var all = await (await operatorClient.GetAsync("/api/v1/audit-log?pageSize=500")).JsonAsync();
        var tenants = all.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("tenantId").ValueKind == JsonValueKind.Null ? (Guid?)null : i.GetProperty("tenantId").GetGuid()).ToHashSet();
        Assert.Contains(world.Agent.Id, tenants);
        Assert.Contains(other.Id, tenants);
    }

    [Fact]
    public async Task ApplicationLogs_NeverHoldPersonalData_Passwords_Tokens_OrKeys()
    {
        var logs = new CapturingLoggerProvider();
        await using var api = new LogCapturingApiFactory(Factory.ConnectionString, logs);
        api.Clock.Set(Factory.Clock.GetUtcNow());

        var world = await WorkWorld.CreateAsync(api, workers: 1);
        await TestData.AgentAsync(api, "Join", "JOIN-LOG");
        var anonymous = api.CreateClient();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = "hanako.secret@mail.example", password = "Secret-horse-battery-31", displayName = "秘密 花子", inviteCode = "JOIN-LOG",
            prefecture = "高知県", municipality = "梼原町",
        })).EnsureSuccessStatusCode();
        await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "hanako.secret@mail.example", password = "Wrong-horse-battery-31" });
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "hanako.secret@mail.example", password = "Secret-horse-battery-31" })).JsonAsync();
        await anonymous.PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = "hanako.secret@mail.example" });
        await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });

        var worker = await world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString()!;
        var content = await (await worker.GetAsync($"/api/v1/units/{unitId}/content")).JsonAsync();
        var rows = JsonSerializer.Serialize(new { rows = WorkerFlowTests.RowsFrom(content.GetProperty("cells").EnumerateArray()) });
        await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = Guid.NewGuid(), content = rows }); // refused: a wrong lease
        (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId = claim.GetProperty("assignmentId").GetString(), content = rows })).EnsureSuccessStatusCode();
        (await worker.PutAsJsonAsync("/api/v1/me/bank-account", new { bankCode = "0001", branchCode = "001", accountType = "Ordinary", accountNumber = "7654321", holderName = "ザイタク ハナコ" })).EnsureSuccessStatusCode();
        await worker.PutAsJsonAsync("/api/v1/me/bank-account", new { bankCode = "9999", branchCode = "999", accountType = "Ordinary", accountNumber = "7654329", holderName = "ザイタク ハナコ" });
        await TestData.UserAsync(api, "op@example.jp", Roles.PlatformAdmin, null);
        await api.ClientForAsync("op@example.jp", TestData.Password);

        var text = logs.Text;
        Assert.True(text.Length > 1_000, "too little was logged to prove anything; is the capture wired?");
        var secrets = new[]
        {
            "hanako.secret@mail.example", "HANAKO.SECRET", "秘密 花子", "Secret-horse-battery-31", "Wrong-horse-battery-31", TestData.Password,
            "w1@hub.jp", "在宅 w1", "client@pref.jp", "山田 太郎", "四万十町1番地", "0880-22-0001", TestData.TotpKeyFor("op@example.jp"),
            login.GetProperty("accessToken").GetString()!, login.GetProperty("refreshToken").GetString()!,
            "7654321", "7654329", "ザイタク ハナコ",
        };
        var leaked = secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaked.Count == 0, "The logs hold: " + string.Join(", ", leaked));
    }

    private sealed class LogCapturingApiFactory(string connectionString, ILoggerProvider logs) : MarketApiFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"scope {category}: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
