using Market.Domain.Common;
using Market.Domain.Files;

namespace Market.Domain.Jobs;

/// <summary>
/// A client's order (発注): what is to be done, by when, how confidential it is, and which files it is
/// about. Lifecycle: Draft → Open → Contracted → InProgress → Delivered → Accepted → Closed, with
/// RevisionRequested (Delivered → rework → Delivered) and Cancelled (only before work starts).
/// </summary>
public sealed class Job : AggregateRoot
{
    public const int MaxTitleLength = 200;

    private readonly List<string> _regionPreference = [];
    private readonly List<FileId> _inputFiles = [];

    private Job()
    {
        Title = string.Empty;
        SpecMarkdown = string.Empty;
    }

    private Job(JobId id, Guid clientId, JobType type, DateTimeOffset now)
        : this()
    {
        Id = id;
        ClientId = clientId;
        Type = type;
        Status = JobStatus.Draft;
        CreatedAt = now;
    }

    public JobId Id { get; private set; }

    /// <summary>The client firm or public body that owns the job.</summary>
    public Guid ClientId { get; private set; }

    public JobType Type { get; private set; }

    public JobStatus Status { get; private set; }

    public string Title { get; private set; }

    public string SpecMarkdown { get; private set; }

    public DateTimeOffset Deadline { get; private set; }

    public ConfidentialityLevel Confidentiality { get; private set; }

    /// <summary>Prefectures the client would like the work done in; empty means anywhere.</summary>
    public IReadOnlyList<string> RegionPreference => _regionPreference;

    public IReadOnlyList<FileId> InputFiles => _inputFiles;

    public TranscriptionSettings? TranscriptionSettings { get; private set; }

    public DataEntrySettings? DataEntrySettings { get; private set; }

    public WebEditSettings? WebEditSettings { get; private set; }

    public IJobSettings Settings =>
        (IJobSettings?)TranscriptionSettings ?? (IJobSettings?)DataEntrySettings ?? WebEditSettings
        ?? throw new InvalidOperationException("A job always has the settings of its type.");

    public Guid? ContractedAgentId { get; private set; }

    public Yen? AgreedPrice { get; private set; }

    public FileId? Deliverable { get; private set; }

    /// <summary>How many times the client has sent the delivery back.</summary>
    public int RevisionRounds { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? ContractedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>The latest delivery; the client's 14-day acceptance window runs from here.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>Draft, Open or Contracted: units may still be (re)planned and the job cancelled.</summary>
    public bool IsBeforeWorkStarts => Status is JobStatus.Draft or JobStatus.Open or JobStatus.Contracted;

    public static Job Draft(
        JobId id,
        Guid clientId,
        string title,
        string specMarkdown,
        DateTimeOffset deadline,
        ConfidentialityLevel confidentiality,
        IJobSettings settings,
        IEnumerable<string> regionPreference,
        IEnumerable<FileId> inputFiles,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var job = new Job(id, clientId, settings.JobType, now);
        job.SetDetails(title, specMarkdown, deadline, confidentiality, settings, regionPreference);
        foreach (var file in inputFiles)
        {
            job.AttachInput(file);
        }

        job.Raise(new JobDrafted(id, clientId, job.Type, now));
        return job;
    }

    public void Revise(
        string title,
        string specMarkdown,
        DateTimeOffset deadline,
        ConfidentialityLevel confidentiality,
        IJobSettings settings,
        IEnumerable<string> regionPreference)
    {
        EnsureDraft();
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.JobType != Type)
        {
            throw new UnprocessableInputException("job_settings_type_mismatch", $"A {Type} job needs {Type} settings.");
        }

        SetDetails(title, specMarkdown, deadline, confidentiality, settings, regionPreference);
    }

    /// <summary>Attaching a file that is already attached changes nothing (content-addressed ids make retries safe).</summary>
    public void AttachInput(FileId file)
    {
        EnsureDraft();
        if (!_inputFiles.Contains(file))
        {
            _inputFiles.Add(file);
        }
    }

    public void DetachInput(FileId file)
    {
        EnsureDraft();
        _inputFiles.Remove(file);
    }

    public void Publish(DateTimeOffset now)
    {
        EnsureDraft();
        Guard.Against(_inputFiles.Count == 0, "job_has_no_input", "A job needs at least one input file before it is published.");
        Guard.Against(Deadline <= now, "job_deadline_not_in_future", "The deadline must be in the future when the job is published.");
        Status = JobStatus.Open;
        PublishedAt = now;
        Raise(new JobPublished(Id, Deadline, now));
    }

    /// <summary>The client accepted an agent's offer.</summary>
    public void Contract(Guid agentId, Yen agreedPrice, DateTimeOffset now)
    {
        Guard.Against(Status != JobStatus.Open, "job_not_open", "Only an open job can be contracted.");
        Guard.Against(Deadline <= now, "job_deadline_passed", "The deadline has passed; the job can no longer be contracted.");
        Guard.Against(!agreedPrice.IsPositive, "job_price_not_positive", "The agreed price must be more than ¥0.");
        Status = JobStatus.Contracted;
        ContractedAgentId = agentId;
        AgreedPrice = agreedPrice;
        ContractedAt = now;
        Raise(new JobContracted(Id, agentId, agreedPrice, now));
    }

    /// <summary>The agent released the units to its workers.</summary>
    public void StartWork(DateTimeOffset now)
    {
        Guard.Against(Status != JobStatus.Contracted, "job_not_contracted", "Work can only start on a contracted job.");
        Status = JobStatus.InProgress;
        StartedAt = now;
        Raise(new JobWorkStarted(Id, now));
    }

    /// <summary>The agent hands over the assembled deliverable, first time or after a revision.</summary>
    public void Deliver(FileId deliverable, DateTimeOffset now)
    {
        Guard.Against(
            Status is not (JobStatus.InProgress or JobStatus.RevisionRequested),
            "job_not_in_progress",
            "Only a job in progress or under revision can be delivered.");
        Status = JobStatus.Delivered;
        Deliverable = deliverable;
        DeliveredAt = now;
        Raise(new JobDelivered(Id, deliverable, RevisionRounds + 1, now));
    }

    public void Accept(DateTimeOffset now)
    {
        EnsureDelivered();
        Status = JobStatus.Accepted;
        AcceptedAt = now;
        Raise(new JobAccepted(Id, now));
    }

    /// <summary>
    /// The client sends the delivery back. RevisionRequested is itself the rework state: the agent fixes
    /// the deliverable and calls <see cref="Deliver"/> again.
    /// </summary>
    public void RequestRevision(string reason, DateTimeOffset now)
    {
        EnsureDelivered();
        var trimmed = RequiredText.Of(reason, "job_revision_reason_required", "Say what needs to change.");
        Status = JobStatus.RevisionRequested;
        RevisionRounds++;
        Raise(new JobRevisionRequested(Id, trimmed, RevisionRounds, now));
    }

    public void Close(DateTimeOffset now)
    {
        Guard.Against(Status != JobStatus.Accepted, "job_not_accepted", "Only an accepted job can be closed.");
        Status = JobStatus.Closed;
        ClosedAt = now;
        Raise(new JobClosed(Id, now));
    }

    /// <summary>
    /// Cancelling is allowed until work starts. Once units are in workers' hands, accepted units are owed
    /// to the workers whatever happens to the job, so stopping a started job is a settlement between client
    /// and agent, not a state flip.
    /// </summary>
    public void Cancel(string reason, DateTimeOffset now)
    {
        Guard.Against(!IsBeforeWorkStarts, "job_not_cancellable", "A job can only be cancelled before work starts.");
        var trimmed = RequiredText.Of(reason, "job_cancellation_reason_required", "Say why the job is cancelled.");
        var from = Status;
        Status = JobStatus.Cancelled;
        CancellationReason = trimmed;
        CancelledAt = now;
        Raise(new JobCancelled(Id, from, trimmed, now));
    }

    internal void EnsureCanBeSplit(JobType expectedType)
    {
        Guard.Against(Type != expectedType, "job_type_mismatch", $"This splitter handles {expectedType} jobs, not {Type}.");
        Guard.Against(!IsBeforeWorkStarts, "job_not_splittable", "Units can only be planned before work starts.");
    }

    private void EnsureDraft() =>
        Guard.Against(Status != JobStatus.Draft, "job_not_draft", "Only a draft job can be changed.");

    private void EnsureDelivered() =>
        Guard.Against(Status != JobStatus.Delivered, "job_not_delivered", "The job has not been delivered.");

    private void SetDetails(
        string title,
        string specMarkdown,
        DateTimeOffset deadline,
        ConfidentialityLevel confidentiality,
        IJobSettings settings,
        IEnumerable<string> regionPreference)
    {
        var cleanTitle = title?.Trim() ?? string.Empty;
        if (cleanTitle.Length == 0)
        {
            throw new UnprocessableInputException("job_title_required", "A job needs a title.");
        }

        if (cleanTitle.Length > MaxTitleLength)
        {
            throw new UnprocessableInputException("job_title_too_long", $"A title has at most {MaxTitleLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(specMarkdown))
        {
            throw new UnprocessableInputException("job_spec_required", "A job needs a written spec.");
        }

        if (settings is not (Jobs.TranscriptionSettings or Jobs.DataEntrySettings or Jobs.WebEditSettings))
        {
            throw new ArgumentException("Unknown settings type.", nameof(settings));
        }

        if (!Enum.IsDefined(confidentiality))
        {
            throw new UnprocessableInputException("job_confidentiality_unknown", "Unknown confidentiality level.");
        }

        var regions = regionPreference.Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = regions.FirstOrDefault(r => !Prefectures.IsKnown(r));
        if (unknown is not null)
        {
            throw new UnprocessableInputException("job_region_unknown", $"'{unknown}' is not a prefecture (use the full name, e.g. 高知県).");
        }

        Title = cleanTitle;
        SpecMarkdown = specMarkdown;
        Deadline = deadline;
        Confidentiality = confidentiality;
        TranscriptionSettings = settings as TranscriptionSettings;
        DataEntrySettings = settings as DataEntrySettings;
        WebEditSettings = settings as WebEditSettings;
        _regionPreference.Clear();
        _regionPreference.AddRange(regions);
    }
}
