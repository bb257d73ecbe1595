using Market.Domain.Common;

namespace Market.Domain.Tenancy;

public enum AgentOrganisationType
{
    Npo = 0,
    Cooperative = 1,
    ChamberOfCommerceGroup = 2,
    Company = 3,
    VoluntaryGroup = 4,
}

public enum AgentVettingStatus
{
    Pending = 0,
    Approved = 1,
    Suspended = 2,
}

/// <summary>A local agent (地域エージェント): a regional telework hub that contracts jobs and guarantees their quality. A tenant.</summary>
public sealed class Agent : AggregateRoot
{
    /// <summary>The capacity a new agent starts with until it declares its own.</summary>
    public const int DefaultMaxConcurrentJobs = 3;

    public const int MaxMaxConcurrentJobs = 100;

    private readonly List<OrganisationCertification> _certifications = [];

    private Agent()
    {
        Name = string.Empty;
        Prefecture = string.Empty;
        Municipality = string.Empty;
        InviteCode = string.Empty;
    }

    public Agent(
        Guid id,
        string name,
        AgentOrganisationType organisationType,
        string prefecture,
        string municipality,
        string inviteCode,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefecture);
        ArgumentException.ThrowIfNullOrWhiteSpace(inviteCode);
        Id = id;
        Name = name.Trim();
        OrganisationType = organisationType;
        Prefecture = prefecture;
        Municipality = municipality;
        InviteCode = inviteCode;
        VettingStatus = AgentVettingStatus.Pending;
        MaxConcurrentJobs = DefaultMaxConcurrentJobs;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public AgentOrganisationType OrganisationType { get; private set; }

    public string Prefecture { get; private set; }

    public string Municipality { get; private set; }

    /// <summary>Code a home worker enters to register with this agent.</summary>
    public string InviteCode { get; private set; }

    public AgentVettingStatus VettingStatus { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Organisation certifications the operator has verified, in a stable order.</summary>
    public IReadOnlyList<OrganisationCertification> Certifications => _certifications;

    /// <summary>
    /// How many jobs the agent can hold at once. Capacity is counted in jobs, not units, because it is what
    /// an agent declares when screened (staff, equipment, record) and what it bids with; unit-level load is
    /// bounded per worker by their availability. See <see cref="Agents.AgentEligibility.LoadBearingStatuses"/>.
    /// </summary>
    public int MaxConcurrentJobs { get; private set; }

    /// <summary>The reason given with the latest suspension or reinstatement.</summary>
    public string? VettingReason { get; private set; }

    /// <summary>When the operator last changed <see cref="VettingStatus"/> (null for seeding's <see cref="Approve()"/>).</summary>
    public DateTimeOffset? VettedAt { get; private set; }

    /// <summary>Only an approved agent makes offers and takes subcontracts.</summary>
    public bool IsApproved => VettingStatus == AgentVettingStatus.Approved;

    public void Approve()
    {
        Guard.Against(VettingStatus == AgentVettingStatus.Approved, "agent_already_approved", "The agent is already approved.");
        VettingStatus = AgentVettingStatus.Approved;
    }

    /// <summary>The operator approves a pending agent after screening it.</summary>
    public void Approve(DateTimeOffset now)
    {
        Guard.Against(VettingStatus == AgentVettingStatus.Approved, "agent_already_approved", "The agent is already approved.");
        Guard.Against(VettingStatus != AgentVettingStatus.Pending, "agent_not_pending", "Only a pending agent can be approved; a suspended one is reinstated.");
        VettingStatus = AgentVettingStatus.Approved;
        VettedAt = now;
        Raise(new AgentApproved(Id, now));
    }

    public void Suspend(string reason, DateTimeOffset now)
    {
        Guard.Against(VettingStatus != AgentVettingStatus.Approved, "agent_not_approved", "Only an approved agent can be suspended.");
        var trimmed = ReasonText.Of(reason, "agent_suspension_reason_required");
        VettingStatus = AgentVettingStatus.Suspended;
        VettingReason = trimmed;
        VettedAt = now;
        Raise(new AgentSuspended(Id, trimmed, now));
    }

    public void Reinstate(string reason, DateTimeOffset now)
    {
        Guard.Against(VettingStatus != AgentVettingStatus.Suspended, "agent_not_suspended", "Only a suspended agent can be reinstated.");
        var trimmed = ReasonText.Of(reason, "agent_reinstatement_reason_required");
        VettingStatus = AgentVettingStatus.Approved;
        VettingReason = trimmed;
        VettedAt = now;
        Raise(new AgentReinstated(Id, trimmed, now));
    }

    public bool Holds(OrganisationCertification certification) => _certifications.Contains(certification);

    /// <summary>The operator records a certification it has verified. Recording it again changes nothing.</summary>
    public void GrantCertification(OrganisationCertification certification, DateTimeOffset now)
    {
        if (!Enum.IsDefined(certification))
        {
            throw new UnprocessableInputException("agent_certification_unknown", "Unknown organisation certification.");
        }

        if (Holds(certification))
        {
            return;
        }

        _certifications.Add(certification);
        _certifications.Sort();
        Raise(new AgentCertificationGranted(Id, certification, now));
    }

    /// <summary>The certification lapsed or was withdrawn. Revoking one the agent does not hold changes nothing.</summary>
    public void RevokeCertification(OrganisationCertification certification, DateTimeOffset now)
    {
        if (_certifications.Remove(certification))
        {
            Raise(new AgentCertificationRevoked(Id, certification, now));
        }
    }

    public void SetCapacity(int maxConcurrentJobs)
    {
        if (maxConcurrentJobs < 1 || maxConcurrentJobs > MaxMaxConcurrentJobs)
        {
            throw new UnprocessableInputException(
                "agent_capacity_out_of_range",
                $"An agent can hold between 1 and {MaxMaxConcurrentJobs} jobs at once.");
        }

        MaxConcurrentJobs = maxConcurrentJobs;
    }
}
