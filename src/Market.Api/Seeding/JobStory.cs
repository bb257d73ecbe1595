using System.Globalization;
using System.Text.Json;
using Market.Api.Features.Files.Upload;
using Market.Api.Features.Jobs.Deliver;
using Market.Api.Features.Jobs.Lifecycle;
using Market.Api.Features.Jobs.PostJob;
using Market.Api.Features.Offers.AcceptOffer;
using Market.Api.Features.Offers.StartWork;
using Market.Api.Features.Offers.SubmitOffer;
using Market.Api.Features.Offers.WithdrawOffer;
using Market.Api.Features.Quality;
using Market.Api.Features.Subcontracts.AnswerSubcontract;
using Market.Api.Features.Subcontracts.ProposeSubcontract;
using Market.Api.Persistence;
using Market.Domain.Jobs;
using Market.Domain.Offers;
using Market.Domain.Pricing;
using Market.Domain.Quality;
using Market.Domain.Splitting.Csv;
using Market.Domain.Subcontracting;
using Market.Domain.Tenancy;
using Market.Domain.Units;
using Microsoft.EntityFrameworkCore;

namespace Market.Api.Seeding;

/// <summary>What every job story shares: the session, the clock's vocabulary, the data files and the recordings.</summary>
public sealed record StoryContext(
    SeedSession Session,
    SeedTimes Times,
    SeedFiles Files,
    WorldFile World,
    IReadOnlyDictionary<string, Recording> Recordings,
    Timeline Timeline,
    ILogger Logger)
{
    public AgentSpec Agent(string key) =>
        World.Agents.SingleOrDefault(a => a.Key == key) ?? throw new InvalidOperationException($"No agent '{key}' in world.json.");

    public AgentSpec AgentById(Guid id) => World.Agents.Single(a => a.Id == id);

    public ClientSpec Client(string key) =>
        World.Clients.SingleOrDefault(c => c.Key == key) ?? throw new InvalidOperationException($"No client '{key}' in world.json.");

    /// <summary>Who speaks for the agent in commercial matters (offers, contracts, delivery): its owner.</summary>
    public string OwnerOf(AgentSpec agent) => agent.Staff.First(s => s.Role == Roles.AgentOwner).Email;

    /// <summary>Who hands out units: the first coordinator, else the owner.</summary>
    public string CoordinatorOf(AgentSpec agent) =>
        (agent.Staff.FirstOrDefault(s => s.Role == Roles.AgentCoordinator) ?? agent.Staff.First(s => s.Role == Roles.AgentOwner)).Email;

    /// <summary>The first staff member holding the QC reviewer certification.</summary>
    public string ReviewerOf(AgentSpec agent) =>
        agent.Staff.FirstOrDefault(s => s.Reviewer)?.Email ?? throw new InvalidOperationException($"{agent.Key} has no reviewer in world.json.");
}

/// <summary>
/// One job of seed-data/jobs and what happens to it: each step becomes an event on the <see cref="Timeline"/>, run
/// through the application's own requests as the person who would do it. Ids the requests return (the job, offers,
/// subcontracts, assignments, review tasks) are kept here for the later steps.
/// </summary>
public sealed class JobStory(JobSpec spec, StoryContext context)
{
    private readonly Dictionary<string, OfferId> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubcontractId> _subcontracts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, WorkUnit> _units = [];
    private JobId? _jobId;
    private Features.Money.Invoices.InvoiceView? _invoice;
    private Job? _job;
    private IReadOnlyList<string>? _webResults;
    private CsvTable? _table;

    public JobSpec Spec => spec;

    public JobId JobId => _jobId ?? throw new InvalidOperationException($"{spec.Key}: the job has not been posted yet.");

    internal Job Job => _job ?? throw new InvalidOperationException($"{spec.Key}: the job has not been posted yet.");

    internal ClientSpec Client => context.Client(spec.Client);

    internal string ClientMember => Client.Members[0].Email;

    internal StoryContext Context => context;

    internal WorkUnit Unit(int sequence) =>
        _units.TryGetValue(sequence, out var unit) ? unit : throw new InvalidOperationException($"{spec.Key}: there is no unit {sequence} (the job has {_units.Count}).");

    internal IReadOnlyList<WorkUnit> Units => _units.Values.OrderBy(u => u.Sequence).ToList();

    public void Schedule()
    {
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            var step = spec.Steps[i];
            var at = context.Times.Past(step.At);
            var label = $"{spec.Key} step {i + 1} ({step.Do})";
            context.Timeline.Add(at, label, (now, ct) => RunStepAsync(step, now, ct));
        }
    }

    private Task RunStepAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken) => step.Do switch
    {
        "post" => PostAsync(step, at, cancellationToken),
        "offer" => OfferAsync(step, at, cancellationToken),
        "withdraw-offer" => SendAsync(context.OwnerOf(AgentOf(step)), at, new WithdrawOffer(_offers[step.Agent!]), cancellationToken),
        "accept-offer" => SendAsync(ClientMember, at, new AcceptOffer(_offers[step.Agent ?? throw Missing(step, "agent")]), cancellationToken),
        "cancel" => SendAsync(ClientMember, at, new CancelJob(JobId, step.Reason ?? throw Missing(step, "reason")), cancellationToken),
        "start" => SendAsync(context.OwnerOf(LeadAgent), at, new StartWork(JobId), cancellationToken),
        "subcontract" => SubcontractAsync(step, at, cancellationToken),
        "accept-subcontract" => SendAsync(context.OwnerOf(AgentOf(step)), at, new AcceptSubcontract(_subcontracts[step.Agent!]), cancellationToken),
        "work" => ScheduleWorkAsync(step, at, cancellationToken),
        "adjudicate" => AdjudicateAsync(step, at, cancellationToken),
        "deliver" => SendAsync(context.OwnerOf(LeadAgent), at, new DeliverJob(JobId), cancellationToken),
        "client-accept" => SendAsync(ClientMember, at, new AcceptJob(JobId), cancellationToken),
        "revision" => RevisionAsync(step, at, cancellationToken),
        "close" => CloseAsync(at, cancellationToken),
        "invoice" => InvoiceAsync(at, cancellationToken),
        "client-paid" => ClientPaidAsync(step, at, cancellationToken),
        _ => throw new InvalidOperationException($"{spec.Key}: unknown step '{step.Do}'."),
    };

    internal AgentSpec LeadAgent => context.AgentById(Job.ContractedAgentId ?? throw new InvalidOperationException($"{spec.Key}: the job is not contracted."));

    private AgentSpec AgentOf(StepSpec step) => context.Agent(step.Agent ?? throw Missing(step, "agent"));

    private async Task SendAsync<T>(string person, DateTimeOffset at, MediatR.IRequest<T> request, CancellationToken cancellationToken)
    {
        await context.Session.SendAsync(person, at, request, cancellationToken);
        await RefreshJobAsync(at, cancellationToken);
    }

    private async Task PostAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (bytes, fileName) = spec.Input switch
        {
            { Speech: { } speech } => (context.Recordings[speech].Wav, context.Recordings[speech].FileName),
            { File: { } file } => (context.Files.Bytes(file), Path.GetFileName(file)),
            _ => throw new InvalidOperationException($"{spec.Key}: the input names neither speech nor a file."),
        };
        if (spec.Input.File is { } csv && spec.Type == JobType.DataEntry)
        {
            _table = CsvReader.Read(context.Files.Bytes(csv));
        }

        if (spec.WebEdit is { } web)
        {
            _webResults = context.Files.Read<List<string>>(web.Results);
        }

        var uploaded = await context.Session.SendAsync(ClientMember, at, new UploadFile(new MemoryStream(bytes), fileName, long.MaxValue), cancellationToken);
        _jobId = await context.Session.SendAsync(
            ClientMember,
            at.AddMinutes(2),
            new PostJob(
                spec.Type,
                spec.Title,
                spec.Spec,
                context.Times.Parse(spec.Deadline),
                spec.Confidentiality,
                spec.Regions,
                [uploaded.Id],
                spec.Transcription is { } t ? new TranscriptionOptions(t.SegmentMinutes, t.OverlapSeconds, t.Style) : null,
                spec.DataEntry is { } d ? new DataEntryOptions(d.BatchSize, d.Fields) : null,
                spec.WebEdit is { } w ? new WebEditOptions(w.ContentFormat) : null,
                Publish: !step.Draft),
            cancellationToken);
        await context.Session.WithDbAsync(at, async (_, db) =>
        {
            foreach (var unit in await db.WorkUnits.AsNoTracking().Where(u => u.JobId == _jobId).ToListAsync(cancellationToken))
            {
                _units[unit.Sequence] = unit;
            }
        });
        await RefreshJobAsync(at, cancellationToken);
        context.Logger.LogDebug("{Job}: posted with {Units} units.", spec.Key, _units.Count);
    }

    private async Task OfferAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var agent = AgentOf(step);
        var price = await PriceAsync(step, at, cancellationToken);
        var deliverBy = context.Times.Parse(step.DeliverBy ?? throw Missing(step, "deliverBy"));
        _offers[agent.Key] = await context.Session.SendAsync(context.OwnerOf(agent), at, new SubmitOffer(JobId, price, deliverBy, step.Note), cancellationToken);
    }

    /// <summary>A number of yen, or <c>quote*1.1</c>: the job's quoted client price times a factor, rounded up to ¥100.</summary>
    private async Task<long> PriceAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var price = step.Price ?? throw Missing(step, "price");
        if (price.ValueKind == JsonValueKind.Number)
        {
            return price.GetInt64();
        }

        var text = price.GetString() ?? string.Empty;
        if (!text.StartsWith("quote*", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{spec.Key}: price '{text}' is neither yen nor quote*factor.");
        }

        var factor = decimal.Parse(text["quote*".Length..], CultureInfo.InvariantCulture);
        var quote = await context.Session.WithDbAsync(at, (_, db) => db.JobQuotes.AsNoTracking().SingleAsync(q => q.JobId == JobId, cancellationToken));
        var client = (quote.WorkerPay + quote.AgentMargin).Amount;
        return (long)Math.Ceiling(client * factor / 100m) * 100;
    }

    /// <summary>The lead hands units to an allied agent, for their pay times a factor (<c>pay*1.15</c>) or a sum of yen.</summary>
    private async Task SubcontractAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sub = context.Agent(step.To ?? throw Missing(step, "to"));
        var units = SelectUnits(step.Units).Select(Unit).ToList();
        var price = step.Price ?? throw Missing(step, "price");
        long total;
        if (price.ValueKind == JsonValueKind.Number)
        {
            total = price.GetInt64();
        }
        else
        {
            var factor = decimal.Parse((price.GetString() ?? string.Empty).Replace("pay*", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var pay = units.Sum(u => RateCard.Default.PayFor(Job, u).Amount);
            total = (long)Math.Ceiling(pay * factor / 10m) * 10;
        }

        _subcontracts[sub.Key] = await context.Session.SendAsync(
            context.OwnerOf(LeadAgent), at, new ProposeSubcontract(JobId, sub.Id, units.Select(u => u.Id.Value).ToList(), total, SubcontractPriceBasis.Total), cancellationToken);
    }

    private Task ScheduleWorkAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var spacing = SeedTimes.Duration(step.Spacing ?? "35m");
        var workers = step.Workers ?? throw Missing(step, "workers");
        var units = SelectUnits(step.Units);
        for (var i = 0; i < units.Count; i++)
        {
            var outcome = step.Outcomes?.GetValueOrDefault(units[i].ToString(CultureInfo.InvariantCulture)) ?? step.Outcome ?? WorkOutcomes.Accept;
            var chain = new WorkChain(this, units[i], workers, i, outcome, step);
            context.Timeline.Add(at + (spacing * i), $"{spec.Key} unit {units[i]} ({outcome})", chain.AssignAsync);
        }

        return Task.CompletedTask;
    }

    /// <summary>The lead's reviewer settles every open keying mismatch: the round that matches the form, or the form's value typed.</summary>
    private async Task AdjudicateAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var reviewer = step.By ?? context.ReviewerOf(LeadAgent);
        var tasks = await context.Session.WithDbAsync(at, (_, db) => db.AdjudicationTasks.AsNoTracking()
            .Where(t => t.JobId == JobId && t.Status == AdjudicationStatus.Open).ToListAsync(cancellationToken));
        var minute = 0;
        foreach (var task in tasks.OrderBy(t => t.OpenedAt))
        {
            foreach (var cell in task.Cells.Where(c => c.Choice is null && c.ResolvedValue is null).OrderBy(c => c.RecordIndex))
            {
                var source = SourceValue(cell.RecordIndex, cell.FieldName);
                var round = cell.Round1Value == source ? 1 : cell.Round2Value == source ? 2 : (int?)null;
                await context.Session.SendAsync(
                    reviewer,
                    at.AddMinutes(minute++),
                    new DecideAdjudicationCell(task.Id, cell.File.Sha256Hex, cell.RecordIndex, cell.FieldName, round, round is null ? source : null),
                    cancellationToken);
            }
        }
    }

    private async Task RevisionAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var pinned = (step.Comments ?? []).Select(c => new PinnedUnitComment(Unit(c.Unit).Id.Value, c.Comment)).ToList();
        await SendAsync(ClientMember, at, new RequestRevision(JobId, step.Reason ?? throw Missing(step, "reason"), pinned), cancellationToken);
    }

    /// <summary>The lead agent issues the client a qualified invoice for the accepted job (posting the receivable).</summary>
    private async Task InvoiceAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        _invoice = await context.Session.SendAsync(
            context.OwnerOf(LeadAgent), at, new Features.Money.Invoices.IssueInvoice(LeadAgent.Id, JobId.Value, null, null), cancellationToken);

    /// <summary>The client's transfer of the invoice's total reaches the lead agent's bank, and the owner records it.</summary>
    private async Task ClientPaidAsync(StepSpec step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var invoice = _invoice ?? throw new InvalidOperationException($"{spec.Key}: 'client-paid' before 'invoice'.");
        await context.Session.SendAsync(
            context.OwnerOf(LeadAgent),
            at,
            new Features.Money.Statements.RecordClientPayment(LeadAgent.Id, Client.Id, JsonSerializer.SerializeToElement(invoice.Total), step.Note ?? $"振込 {invoice.Number}"),
            cancellationToken);
    }

    /// <summary>Closing an accepted job has no request of its own yet: the aggregate's method, saved directly.</summary>
    private async Task CloseAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await context.Session.WithDbAsync(at, async (_, db) =>
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == JobId, cancellationToken);
            job.Close(at);
            await db.SaveChangesAsync(cancellationToken);
        });
        await RefreshJobAsync(at, cancellationToken);
    }

    internal async Task RefreshJobAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_jobId is { } id)
        {
            _job = await context.Session.WithDbAsync(at, (_, db) => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken));
        }
    }

    internal string SourceValue(int recordIndex, string field) =>
        (_table ?? throw new InvalidOperationException($"{spec.Key} has no CSV input."))
        .Records[recordIndex][_table.IndexOf(field)];

    internal string WebResult(int pageIndex) =>
        (_webResults ?? throw new InvalidOperationException($"{spec.Key} has no web-edit results."))[pageIndex];

    internal Recording Recording => context.Recordings[spec.Input.Speech ?? throw new InvalidOperationException($"{spec.Key} has no speech.")];

    /// <summary><c>"all"</c>, <c>"from:3"</c>, <c>"to:2"</c> or a list of sequence numbers.</summary>
    internal IReadOnlyList<int> SelectUnits(JsonElement? selector)
    {
        var all = _units.Keys.Order().ToList();
        if (selector is not { } value || (value.ValueKind == JsonValueKind.String && value.GetString() == "all"))
        {
            return all;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray().Select(e => e.GetInt32()).ToList();
        }

        var text = value.GetString() ?? string.Empty;
        var bound = int.Parse(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        return text.StartsWith("from:", StringComparison.Ordinal) ? all.Where(s => s >= bound).ToList()
            : text.StartsWith("to:", StringComparison.Ordinal) ? all.Where(s => s <= bound).ToList()
            : throw new InvalidOperationException($"{spec.Key}: unknown unit selector '{text}'.");
    }

    private InvalidOperationException Missing(StepSpec step, string field) => new($"{spec.Key}: step '{step.Do}' at {step.At} needs '{field}'.");
}
