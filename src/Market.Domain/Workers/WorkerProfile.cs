using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Tenancy;

namespace Market.Domain.Workers;

/// <summary>
/// A home worker (在宅ワーカー) as registered with one agent: what they can take on, what they can do, where
/// they live, and their standing. Keyed by (<see cref="AgentId"/>, <see cref="UserId"/>).
/// </summary>
public sealed class WorkerProfile : AggregateRoot
{
    public const int MinHoursPerWeek = 1;
    public const int MaxHoursPerWeek = 60;
    public const int MinConcurrentUnits = 1;
    public const int MaxConcurrentUnitsLimit = 10;
    public const int MaxMunicipalityLength = 50;

    private readonly List<JobType> _skills = [];

    private WorkerProfile()
    {
        Prefecture = string.Empty;
        Municipality = string.Empty;
    }

    private WorkerProfile(Guid userId, Guid agentId, DateTimeOffset now)
        : this()
    {
        UserId = userId;
        AgentId = agentId;
        Tier = WorkerTier.Trial;
        TierSince = now;
        Status = MembershipStatus.Active;
        RegisteredAt = now;
    }

    public Guid UserId { get; private set; }

    public Guid AgentId { get; private set; }

    public int HoursPerWeek { get; private set; }

    /// <summary>How many units the worker holds at once at most.</summary>
    public int MaxConcurrentUnits { get; private set; }

    /// <summary>The job types the worker does, in a stable order.</summary>
    public IReadOnlyList<JobType> Skills => _skills;

    public string Prefecture { get; private set; }

    public string Municipality { get; private set; }

    public WorkerTier Tier { get; private set; }

    public DateTimeOffset TierSince { get; private set; }

    public MembershipStatus Status { get; private set; }

    /// <summary>The reason given with the latest suspension.</summary>
    public string? StatusReason { get; private set; }

    public DateTimeOffset? StatusChangedAt { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public bool IsActive => Status == MembershipStatus.Active;

    /// <summary>A worker registers with the agent whose invite code they entered; they start as <see cref="WorkerTier.Trial"/>.</summary>
    public static WorkerProfile Register(
        Guid userId,
        Guid agentId,
        string prefecture,
        string municipality,
        int hoursPerWeek,
        int maxConcurrentUnits,
        IEnumerable<JobType> skills,
        DateTimeOffset now)
    {
        var profile = new WorkerProfile(userId, agentId, now);
        profile.SetAvailability(hoursPerWeek, maxConcurrentUnits);
        profile.SetSkills(skills);
        profile.MoveTo(prefecture, municipality);
        profile.Raise(new WorkerRegistered(userId, agentId, now));
        return profile;
    }

    public void SetAvailability(int hoursPerWeek, int maxConcurrentUnits)
    {
        EnsureNotLeft();
        if (hoursPerWeek < MinHoursPerWeek || hoursPerWeek > MaxHoursPerWeek)
        {
            throw new UnprocessableInputException(
                "worker_hours_per_week_out_of_range",
                $"Hours per week must be between {MinHoursPerWeek} and {MaxHoursPerWeek}.");
        }

        if (maxConcurrentUnits < MinConcurrentUnits || maxConcurrentUnits > MaxConcurrentUnitsLimit)
        {
            throw new UnprocessableInputException(
                "worker_max_concurrent_units_out_of_range",
                $"Units held at once must be between {MinConcurrentUnits} and {MaxConcurrentUnitsLimit}.");
        }

        HoursPerWeek = hoursPerWeek;
        MaxConcurrentUnits = maxConcurrentUnits;
    }

    /// <summary>An empty list is allowed: a new worker may still be training.</summary>
    public void SetSkills(IEnumerable<JobType> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        EnsureNotLeft();
        var distinct = skills.Distinct().Order().ToList();
        if (distinct.Any(s => !Enum.IsDefined(s)))
        {
            throw new UnprocessableInputException("worker_skill_unknown", "Unknown job type in skills.");
        }

        _skills.Clear();
        _skills.AddRange(distinct);
    }

    public bool HasSkill(JobType type) => _skills.Contains(type);

    public void MoveTo(string prefecture, string municipality)
    {
        EnsureNotLeft();
        var cleanPrefecture = prefecture?.Trim() ?? string.Empty;
        if (!Prefectures.IsKnown(cleanPrefecture))
        {
            throw new UnprocessableInputException("worker_prefecture_unknown", $"'{cleanPrefecture}' is not a prefecture (use the full name, e.g. 高知県).");
        }

        var cleanMunicipality = RequiredText.Of(municipality, "worker_municipality_required", "A municipality is required.");
        if (cleanMunicipality.Length > MaxMunicipalityLength)
        {
            throw new UnprocessableInputException("worker_municipality_too_long", $"A municipality has at most {MaxMunicipalityLength} characters.");
        }

        Prefecture = cleanPrefecture;
        Municipality = cleanMunicipality;
    }

    /// <summary>Set by the monthly tier recomputation. The same tier again changes nothing, so <see cref="TierSince"/> keeps its meaning.</summary>
    public void ChangeTier(WorkerTier tier, DateTimeOffset now)
    {
        EnsureNotLeft();
        if (!Enum.IsDefined(tier))
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, null);
        }

        if (tier == Tier)
        {
            return;
        }

        var from = Tier;
        Tier = tier;
        TierSince = now;
        Raise(new WorkerTierChanged(UserId, AgentId, from, tier, now));
    }

    public void Suspend(string reason, DateTimeOffset now)
    {
        Guard.Against(Status != MembershipStatus.Active, "worker_not_active", "Only an active worker can be suspended.");
        var trimmed = ReasonText.Of(reason, "worker_suspension_reason_required");
        Status = MembershipStatus.Suspended;
        StatusReason = trimmed;
        StatusChangedAt = now;
        Raise(new WorkerSuspended(UserId, AgentId, trimmed, now));
    }

    public void Reinstate(DateTimeOffset now)
    {
        Guard.Against(Status != MembershipStatus.Suspended, "worker_not_suspended", "Only a suspended worker can be reinstated.");
        Status = MembershipStatus.Active;
        StatusReason = null;
        StatusChangedAt = now;
        Raise(new WorkerReinstated(UserId, AgentId, now));
    }

    /// <summary>Leaving is final; the worker keeps what they are owed.</summary>
    public void Leave(DateTimeOffset now)
    {
        EnsureNotLeft();
        Status = MembershipStatus.Left;
        StatusChangedAt = now;
        Raise(new WorkerLeft(UserId, AgentId, now));
    }

    private void EnsureNotLeft() =>
        Guard.Against(Status == MembershipStatus.Left, "worker_has_left", "The worker has left the agent.");
}
