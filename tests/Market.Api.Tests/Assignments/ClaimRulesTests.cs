using System.Net;
using System.Text.Json;
using Market.Api.Features.Assignments;
using Market.Api.Persistence;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Market.Domain.Assignments;
using Market.Domain.Certifications;
using Market.Domain.Jobs;
using Market.Domain.Subcontracting;
using Market.Domain.Units;
using Market.Domain.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Market.Api.Tests.Assignments;

/// <summary>
/// The claim decides in one SQL statement which unit a worker gets and writes the assignment itself (ADR 0047). These
/// tests hold that statement to the domain: before every claim the domain's own rules (WorkerEligibility,
/// UnitVisibility, the job being worked, Assignment.LeaseLengthFor) are evaluated over every unit of the agent's jobs,
/// from entities loaded independently of the handler, and the claim must take exactly the first unit the domain would
/// assign — or answer "nothing available" exactly when the domain would assign none.
/// </summary>
public sealed class ClaimRulesTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task EveryClaim_TakesTheFirstUnitTheDomainWouldAssign_AndNothingAvailableMeansTheDomainWouldAssignNone()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 5, batchSize: 1, workers: 0);
        var personal = await world.AddSurveyJobAsync(records: 2, batchSize: 1, confidentiality: "PersonalData");
        var confidential = await world.AddSurveyJobAsync(records: 2, batchSize: 2, confidentiality: "Confidential");
        var delivered = await world.AddSurveyJobAsync(records: 2, batchSize: 1);
        var workers = new (Guid Id, HttpClient Client)[4];
        workers[0] = (await world.WorkerAsync("w1@hub.jp", WorkerTier.Trial, maxUnits: 3), await world.WorkerClientAsync(1));
        workers[1] = (await world.WorkerAsync("w2@hub.jp", WorkerTier.S, maxUnits: WorkerProfile.MaxConcurrentUnitsLimit), await world.WorkerClientAsync(2));
        workers[2] = (await world.WorkerAsync("w3@hub.jp", WorkerTier.S, maxUnits: WorkerProfile.MaxConcurrentUnitsLimit), await world.WorkerClientAsync(3));
        workers[3] = (await world.WorkerAsync("w4@hub.jp", WorkerTier.A, maxUnits: WorkerProfile.MaxConcurrentUnitsLimit), await world.WorkerClientAsync(4));
        await SqlAsync(
            // Estimates either side of the lease's half-hour floor, a job no longer being worked, and a worker whose
            // personal-data certification was revoked (S tier alone would let them take personal data).
            "UPDATE work_units SET estimated_minutes = 4 + 9 * (sequence % 5)",
            $"UPDATE jobs SET status = {(int)JobStatus.Delivered} WHERE id = '{delivered}'",
            $"UPDATE worker_certifications SET revoked_at = now() WHERE user_id = '{workers[2].Id}' AND code = '{CertificationCodes.DataEntryPersonalData}'");

        var outcomes = new Dictionary<int, string>();
        var claimedFrom = new Dictionary<int, HashSet<string>>();
        while (outcomes.Count < workers.Length)
        {
            for (var i = 0; i < workers.Length; i++)
            {
                if (outcomes.ContainsKey(i))
                {
                    continue;
                }

                var (refusal, eligible) = await DomainDecisionAsync(world, workers[i].Id);
                var response = await workers[i].Client.PostAsync("/api/v1/me/units/claim", null);
                if (refusal is not null)
                {
                    await response.AssertProblemAsync(HttpStatusCode.Conflict, refusal);
                    outcomes[i] = refusal;
                }
                else if (eligible.Count == 0)
                {
                    await response.AssertProblemAsync(HttpStatusCode.NotFound, "no_unit_available");
                    outcomes[i] = "no_unit_available";
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    var claim = await response.JsonAsync();
                    var expected = eligible[0];
                    Assert.Equal(expected.Unit.Id.Value, claim.GetProperty("unitId").GetGuid());
                    await AssertWrittenAsDomainWouldAsync(world, workers[i].Id, expected.Unit, claim);
                    claimedFrom.TryAdd(i, []);
                    claimedFrom[i].Add(expected.Unit.JobId.Value.ToString());
                }
            }
        }

        // The run covered what it meant to: the trial worker filled up on standard work, the pool ran dry for someone
        // the domain agreed had nothing left, the A-tier worker never touched personal data, the S-tier worker without
        // the certification neither, and the S-tier worker with it did.
        Assert.Equal(WorkerEligibility.AtCapacity, outcomes[0]);
        Assert.Contains("no_unit_available", outcomes.Values);
        Assert.DoesNotContain(personal, claimedFrom[2]);
        Assert.DoesNotContain(personal, claimedFrom[3]);
        Assert.Contains(personal, claimedFrom[1]);
        Assert.Contains(confidential, claimedFrom[3]);
        Assert.DoesNotContain(delivered, claimedFrom.Values.SelectMany(j => j));
    }

    [Fact]
    public async Task TheClaimsWorkerRead_CountsExactlyTheCertificationsTheDomainAllowsNewWorkWith()
    {
        var world = await WorkWorld.CreateAsync(Factory, records: 1, batchSize: 1, workers: 0);
        var workerId = await world.WorkerAsync("w1@hub.jp", certified: false);
        var now = Factory.Clock.GetUtcNow();
        var terms = WorkWorld.PlatformTerms;
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var revoked = WorkerCertification.Issue(workerId, world.Agent.Id, CertificationCodes.TranscriptionL1, terms, now.AddMonths(-1));
        revoked.Revoke(workerId, "試験の不正", now.AddDays(-1));
        WorkerCertification[] certifications =
        [
            WorkerCertification.Issue(workerId, world.Agent.Id, CertificationCodes.Confidentiality, terms, now.AddMonths(-1)),
            WorkerCertification.Issue(workerId, world.Agent.Id, CertificationCodes.DataEntry, terms, now.AddMonths(-12).AddDays(-7)),
            WorkerCertification.Issue(workerId, world.Agent.Id, CertificationCodes.WebEditing, terms, now.AddMonths(-12).AddDays(-20)),
            revoked,
        ];
        db.WorkerCertifications.AddRange(certifications);
        await db.SaveChangesAsync();

        var candidate = await scope.ServiceProvider.GetRequiredService<AssignmentCandidates>().OneAsync(world.Agent.Id, workerId, now, CancellationToken.None);

        var domain = certifications.Where(c => c.AllowsNewWorkAt(now)).Select(c => c.Code).Order().ToList();
        Assert.Equal(domain, candidate!.ValidCertifications.Order());
        // Both sides of the rule were there: active and in grace count, expired and revoked do not.
        Assert.Equal([CertificationCodes.Confidentiality, CertificationCodes.DataEntry], domain.Order());
    }

    /// <summary>
    /// What the domain says a claim by this worker should do now: the refusal that holds whatever the unit, or every
    /// unit it would assign, in the claim's order (job deadline, job, unit sequence).
    /// </summary>
    private async Task<(string? Refusal, List<(WorkUnit Unit, Job Job)> Eligible)> DomainDecisionAsync(WorkWorld world, Guid workerId)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var now = Factory.Clock.GetUtcNow();
        var profile = await db.WorkerProfiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.UserId == workerId);
        var held = (await db.Assignments.IgnoreQueryFilters().AsNoTracking().Where(a => a.WorkerId == workerId).ToListAsync())
            .Count(a => a.CountsTowardsWorkerLoad);
        var certifications = (await db.WorkerCertifications.IgnoreQueryFilters().AsNoTracking().Where(c => c.UserId == workerId).ToListAsync())
            .Where(c => c.AllowsNewWorkAt(now)).Select(c => c.Code).ToHashSet();
        var candidate = new AssignmentCandidate(profile, held, certifications);
        if (WorkerEligibility.EvaluateForAnyUnit(candidate) is [var first, ..])
        {
            return (first.Code, []);
        }

        var jobs = await db.Jobs.IgnoreQueryFilters().AsNoTracking().Where(j => j.ContractedAgentId == world.Agent.Id).ToListAsync();
        var jobIds = jobs.Select(j => j.Id).ToList();
        var units = await db.WorkUnits.IgnoreQueryFilters().AsNoTracking().Where(u => jobIds.Contains(u.JobId)).ToListAsync();
        var subcontracts = await db.Subcontracts.IgnoreQueryFilters().AsNoTracking().Where(s => jobIds.Contains(s.JobId)).ToListAsync();
        var byId = units.ToDictionary(u => u.Id);
        var eligible =
            from unit in units
            join job in jobs on unit.JobId equals job.Id
            where unit.Status == WorkUnitStatus.Available
                  && job.Status is JobStatus.InProgress or JobStatus.RevisionRequested
                  && UnitVisibility.AssigningAgentId(job, subcontracts.Where(s => s.JobId == job.Id), unit) == world.Agent.Id
                  && WorkerEligibility.Evaluate(candidate, unit, job, unit.TwinUnitId is { } twin ? byId[twin] : null).Count == 0
            // PostgreSQL orders uuids by their bytes, which is the order of their lowercase text.
            orderby job.Deadline, job.Id.Value.ToString(), unit.Sequence
            select (unit, job);
        return (null, eligible.ToList());
    }

    /// <summary>The unit, the assignment and the audit entry as UnitAssignment.Assign and AuditLog.Record would have written them.</summary>
    private async Task AssertWrittenAsDomainWouldAsync(WorkWorld world, Guid workerId, WorkUnit before, JsonElement claim)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        // PostgreSQL keeps microseconds; the fake clock has ticks.
        var now = Factory.Clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var assignmentId = new AssignmentId(claim.GetProperty("assignmentId").GetGuid());
        var assignment = await db.Assignments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == assignmentId);
        var unit = await db.WorkUnits.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Id == before.Id);

        Assert.Equal((WorkUnitStatus.Assigned, workerId, assignmentId.Value, now), (unit.Status, unit.WorkerId!.Value, unit.AssignmentId!.Value, unit.AssignedAt!.Value));
        Assert.Equal((before.Id, before.JobId, workerId, world.Agent.Id), (assignment.UnitId, assignment.JobId, assignment.WorkerId, assignment.AgentId));
        Assert.Equal((AssignmentStatus.Active, AssignedBy.Claim, now, now), (assignment.Status, assignment.AssignedBy, assignment.AssignedAt, assignment.LastActivityAt));
        var lease = Assignment.LeaseLengthFor(before.EstimatedMinutes);
        Assert.Equal(lease, assignment.LeaseLength);
        Assert.Equal(now + lease, assignment.ExpiresAt);
        Assert.Equal(now + lease, claim.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(nameof(AssignedBy.Claim), claim.GetProperty("assignedBy").GetString());

        var audit = await db.AuditLog.AsNoTracking().SingleAsync(e => e.Action == "assignment.claimed" && e.SubjectId == before.Id.Value.ToString());
        Assert.Equal(("unit", workerId, world.Agent.Id, now), (audit.SubjectType, audit.ActorUserId!.Value, audit.TenantId!.Value, audit.OccurredAt));
        using var detail = JsonDocument.Parse(audit.Detail!);
        Assert.Equal(assignmentId.Value, detail.RootElement.GetProperty("assignmentId").GetGuid());
    }

    private async Task SqlAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
