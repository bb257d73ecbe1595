using Market.Domain.Common;

namespace Market.Domain.Certifications;

/// <summary>Where a worker's certification stands at a moment. Only <see cref="Revoked"/> is stored as such; the rest
/// follow from the dates (so eligibility is right even on a day the scheduled jobs did not run).</summary>
public enum CertificationState
{
    /// <summary>Valid; renewal not open yet.</summary>
    Active = 0,

    /// <summary>Valid; inside the renewal window before <see cref="WorkerCertification.ValidUntil"/>.</summary>
    RenewalDue = 1,

    /// <summary>Past <see cref="WorkerCertification.ValidUntil"/> but within the grace period: still renewable, still allows new work (ADR 0015).</summary>
    InGrace = 2,

    /// <summary>Past the grace period: no new units (units in hand may be finished); only a new exam brings it back.</summary>
    Expired = 3,

    /// <summary>Withdrawn by the agent for cause.</summary>
    Revoked = 4,
}

/// <summary>
/// A certification one worker holds. Lifecycle: issued → <see cref="CertificationState.Active"/> →
/// <see cref="CertificationState.RenewalDue"/> → renewed (active again, valid a further period from the old end date)
/// or → <see cref="CertificationState.InGrace"/> → <see cref="CertificationState.Expired"/>; an expired one is issued
/// again by passing the exam anew. An agent may revoke it for cause at any time.
/// <para>
/// The three dates the scheduled jobs and eligibility filter by (<see cref="RenewalOpensAt"/>, <see cref="ValidUntil"/>,
/// <see cref="GraceEndsAt"/>) are computed here, from the type's terms at issue or renewal, and stored.
/// </para>
/// </summary>
public sealed class WorkerCertification : AggregateRoot
{
    public const string RevokedCode = "certification_revoked";
    public const string RenewalNotOpenCode = "certification_renewal_not_open";
    public const string RenewalClosedCode = "certification_renewal_closed";
    public const string StillHeldCode = "certification_still_held";

    private WorkerCertification()
    {
        Code = string.Empty;
    }

    public Guid UserId { get; private set; }

    public string Code { get; private set; }

    /// <summary>The agent the worker belonged to when it was issued (the tenant that sees it).</summary>
    public Guid AgentId { get; private set; }

    /// <summary>When it was (last) issued by passing an initial exam.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ValidUntil { get; private set; }

    public DateTimeOffset RenewalOpensAt { get; private set; }

    public DateTimeOffset GraceEndsAt { get; private set; }

    public int RenewalCount { get; private set; }

    public DateTimeOffset? LastRenewedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public Guid? RevokedBy { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>When the daily expiry processing recorded that it expired (null while not expired, and again after re-issue).</summary>
    public DateTimeOffset? ExpiredAt { get; private set; }

    public static WorkerCertification Issue(Guid userId, Guid agentId, string code, CertificationTerms terms, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(terms);
        var certification = new WorkerCertification { UserId = userId, Code = code, AgentId = agentId };
        certification.StartPeriod(terms, now);
        certification.Raise(new CertificationIssued(userId, code, certification.ValidUntil, now));
        return certification;
    }

    public CertificationState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? CertificationState.Revoked
        : now < RenewalOpensAt ? CertificationState.Active
        : now < ValidUntil ? CertificationState.RenewalDue
        : now < GraceEndsAt ? CertificationState.InGrace
        : CertificationState.Expired;

    /// <summary>Whether the worker may be given new units needing it. Units already in hand are never taken back by a lapse.</summary>
    public bool AllowsNewWorkAt(DateTimeOffset now) =>
        StateAt(now) is CertificationState.Active or CertificationState.RenewalDue or CertificationState.InGrace;

    /// <summary>Passing the initial exam again after the certification expired starts a fresh period.</summary>
    public void Reissue(CertificationTerms terms, Guid agentId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var state = StateAt(now);
        Guard.Against(state == CertificationState.Revoked, RevokedCode, "A revoked certification is not issued again by an exam.");
        Guard.Against(state != CertificationState.Expired, StillHeldCode, "The certification is still held; renew it instead.");
        AgentId = agentId;
        StartPeriod(terms, now);
        RenewalCount = 0;
        LastRenewedAt = null;
        ExpiredAt = null;
        Raise(new CertificationIssued(UserId, Code, ValidUntil, now));
    }

    /// <summary>
    /// A passed renewal exam extends validity by one period from the old end date, so renewing early loses nothing and
    /// renewing late (in grace) gains nothing. Whether renewal was open is judged when the renewal attempt started, so
    /// an attempt begun on the last day of grace and finished after it still counts.
    /// </summary>
    public void Renew(CertificationTerms terms, DateTimeOffset renewalStartedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var state = StateAt(renewalStartedAt);
        Guard.Against(state == CertificationState.Revoked || RevokedAt is not null, RevokedCode, "A revoked certification cannot be renewed.");
        Guard.Against(state == CertificationState.Active, RenewalNotOpenCode, $"Renewal opens on {RenewalOpensAt:u}.");
        Guard.Against(state == CertificationState.Expired, RenewalClosedCode, "The grace period has ended; take the exam again to be certified anew.");
        var from = ValidUntil;
        ValidUntil = ValidUntil.AddMonths(terms.ValidityMonths);
        RenewalOpensAt = ValidUntil.AddDays(-terms.RenewalWindowDays);
        GraceEndsAt = ValidUntil.AddDays(terms.GraceDays);
        RenewalCount++;
        LastRenewedAt = now;
        ExpiredAt = null;
        Raise(new CertificationRenewed(UserId, Code, from, ValidUntil, now));
    }

    /// <summary>An agent withdraws the certification for cause; from now on it allows no new work.</summary>
    public void Revoke(Guid revokedBy, string reason, DateTimeOffset now)
    {
        Guard.Against(RevokedAt is not null, RevokedCode, "The certification is already revoked.");
        var clean = ReasonText.Of(reason, "certification_revocation_reason_required");
        RevokedAt = now;
        RevokedBy = revokedBy;
        RevocationReason = clean;
        Raise(new CertificationRevoked(UserId, Code, revokedBy, clean, now));
    }

    /// <summary>Records the expiry once, for the daily processing; false when it is not expired or already recorded.</summary>
    public bool RecordExpiry(DateTimeOffset now)
    {
        if (StateAt(now) != CertificationState.Expired || ExpiredAt is not null)
        {
            return false;
        }

        ExpiredAt = now;
        Raise(new CertificationExpired(UserId, Code, GraceEndsAt, now));
        return true;
    }

    private void StartPeriod(CertificationTerms terms, DateTimeOffset now)
    {
        terms.Validate();
        IssuedAt = now;
        ValidUntil = now.AddMonths(terms.ValidityMonths);
        RenewalOpensAt = ValidUntil.AddDays(-terms.RenewalWindowDays);
        GraceEndsAt = ValidUntil.AddDays(terms.GraceDays);
    }
}

public sealed record CertificationIssued(Guid UserId, string Code, DateTimeOffset ValidUntil, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CertificationRenewed(Guid UserId, string Code, DateTimeOffset PreviousValidUntil, DateTimeOffset ValidUntil, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CertificationRevoked(Guid UserId, string Code, Guid RevokedBy, string Reason, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CertificationExpired(Guid UserId, string Code, DateTimeOffset GraceEndedAt, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ExamAttemptStarted(ExamAttemptId AttemptId, Guid UserId, string Code, ExamAttemptKind Kind, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record ExamAttemptScored(ExamAttemptId AttemptId, Guid UserId, string Code, ExamAttemptKind Kind, int ScorePercent, bool Passed, DateTimeOffset OccurredAt) : IDomainEvent;
