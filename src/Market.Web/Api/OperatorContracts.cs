namespace Market.Web.Api;

/// <summary>An agent in the operator's vetting list (GET /agents).</summary>
public sealed record VettedAgent(
    Guid Id,
    string Name,
    string OrganisationType,
    string Prefecture,
    string Municipality,
    string VettingStatus,
    string? VettingReason,
    DateTimeOffset? VettedAt,
    IReadOnlyList<string> Certifications,
    int MaxConcurrentJobs,
    DateTimeOffset CreatedAt);

public sealed record VettedAgentPage(IReadOnlyList<VettedAgent> Items, int Page, int PageSize, int Total);

public sealed record VettingReasonRequest(string? Reason);

public sealed record CertificationRequest(string Certification, bool Granted);

public sealed record CapacityRequest(int MaxConcurrentJobs);
