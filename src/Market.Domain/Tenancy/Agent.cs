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

    public void Approve()
    {
        Guard.Against(VettingStatus == AgentVettingStatus.Approved, "agent_already_approved", "The agent is already approved.");
        VettingStatus = AgentVettingStatus.Approved;
    }
}
