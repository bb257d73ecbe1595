namespace Market.Domain.Certifications;

public enum IssuanceOutcome
{
    /// <summary>The exam failed: nothing changes.</summary>
    None = 0,
    Issued = 1,
    Renewed = 2,

    /// <summary>The exam passed but the type's practical test on gold units is not met yet; issued once it is.</summary>
    AwaitingPractical = 3,
}

/// <summary>What a scored attempt (or a newly recorded practical result) does to the worker's certification.</summary>
/// <param name="Certification">The certification issued or renewed; a new one is for the caller to add.</param>
public sealed record IssuanceResult(IssuanceOutcome Outcome, WorkerCertification? Certification);

public static class CertificationIssuance
{
    /// <summary>A passed initial exam stays good for issuing (once the practical is met) this long.</summary>
    public static readonly TimeSpan ExamPassValidity = TimeSpan.FromDays(90);

    /// <summary>
    /// After an attempt is scored: a failed one changes nothing; a passed renewal renews; a passed initial exam issues
    /// (or re-issues an expired certification) when the type has no practical test or the worker's latest practical
    /// result meets it, and otherwise waits for the practical. Renewals need no new practical: the worker's ongoing QC
    /// results already watch their accuracy.
    /// </summary>
    public static IssuanceResult AfterScoring(ExamAttempt attempt, CertificationType type, WorkerCertification? held, PracticalResult? practical, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(type);
        if (attempt.Code != type.Code || attempt.CertificationTypeId != type.Id)
        {
            throw new ArgumentException("The attempt is not at this certification type.", nameof(attempt));
        }

        if (attempt.Passed != true)
        {
            return new IssuanceResult(IssuanceOutcome.None, held);
        }

        if (attempt.Kind == ExamAttemptKind.Renewal)
        {
            // Revoked while the attempt ran: a pass renews nothing (and scoring must not fail, or the attempt stays open).
            if (held is null || held.StateAt(attempt.StartedAt) is not (CertificationState.RenewalDue or CertificationState.InGrace))
            {
                return new IssuanceResult(IssuanceOutcome.None, held);
            }

            held.Renew(type.Terms, attempt.StartedAt, now);
            return new IssuanceResult(IssuanceOutcome.Renewed, held);
        }

        // Revoked meanwhile, or certified meanwhile by another path (a practical recorded for an earlier pass).
        if (held is not null && held.StateAt(now) != CertificationState.Expired)
        {
            return new IssuanceResult(IssuanceOutcome.None, held);
        }

        if (type.Practical is { } test && !test.IsMetBy(practical))
        {
            return new IssuanceResult(IssuanceOutcome.AwaitingPractical, held);
        }

        return IssueOrReissue(attempt.UserId, attempt.AgentId, type, held, now);
    }

    /// <summary>
    /// A practical result was recorded: if it meets the type's test and the worker passed the initial exam within
    /// <see cref="ExamPassValidity"/> without being certified since, the certification is issued now.
    /// </summary>
    public static IssuanceResult AfterPractical(
        CertificationType type, Guid agentId, WorkerCertification? held, ExamAttempt? latestPassedInitial, PracticalResult practical, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(practical);
        var waiting = latestPassedInitial is { Passed: true, Kind: ExamAttemptKind.Initial }
            && now - latestPassedInitial.FinishedAt!.Value <= ExamPassValidity
            && (held is null || (held.StateAt(now) == CertificationState.Expired && held.IssuedAt < latestPassedInitial.FinishedAt));
        if (!waiting || type.Practical is not { } test || !test.IsMetBy(practical))
        {
            return new IssuanceResult(IssuanceOutcome.None, held);
        }

        return IssueOrReissue(practical.UserId, agentId, type, held, now);
    }

    private static IssuanceResult IssueOrReissue(Guid userId, Guid agentId, CertificationType type, WorkerCertification? held, DateTimeOffset now)
    {
        if (held is null)
        {
            return new IssuanceResult(IssuanceOutcome.Issued, WorkerCertification.Issue(userId, agentId, type.Code, type.Terms, now));
        }

        held.Reissue(type.Terms, agentId, now);
        return new IssuanceResult(IssuanceOutcome.Issued, held);
    }
}

public enum ReminderKind
{
    /// <summary>Renewal reminder at 30, 7 or 1 day(s) before the end of validity.</summary>
    BeforeExpiry = 0,

    /// <summary>Validity ended; grace period running.</summary>
    InGrace = 1,

    /// <summary>Grace ended; the certification expired.</summary>
    Expired = 2,
}

/// <summary>One message the daily jobs owe a worker about a certification, with the key that makes it arrive once.</summary>
public sealed record CertificationReminder(ReminderKind Kind, int? DaysBefore, string DedupeKey);

/// <summary>
/// Which reminder is due for a certification: 30, 7 and 1 day(s) before <see cref="WorkerCertification.ValidUntil"/>,
/// then one when grace starts. Only the nearest threshold is sent (a worker certified 5 days before the end hears
/// the 7-day reminder, not three at once). The dedupe key names the certification period (its end date), so each
/// reminder goes once per period however often the job runs, and a renewal starts a fresh set.
/// </summary>
public static class RenewalReminders
{
    public static IReadOnlyList<int> ThresholdDays { get; } = [30, 7, 1];

    public static CertificationReminder? Due(WorkerCertification certification, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certification);
        switch (certification.StateAt(now))
        {
            case CertificationState.Active or CertificationState.RenewalDue:
                var left = certification.ValidUntil - now;
                int? threshold = ThresholdDays.Where(d => left <= TimeSpan.FromDays(d)).Cast<int?>().LastOrDefault();
                return threshold is { } days
                    ? new CertificationReminder(ReminderKind.BeforeExpiry, days, Key(certification, $"before-{days}d"))
                    : null;
            case CertificationState.InGrace:
                return new CertificationReminder(ReminderKind.InGrace, null, Key(certification, "in-grace"));
            case CertificationState.Expired:
                return new CertificationReminder(ReminderKind.Expired, null, Key(certification, "expired"));
            default:
                return null;
        }
    }

    public static string Key(WorkerCertification certification, string what)
    {
        ArgumentNullException.ThrowIfNull(certification);
        return $"certification:{certification.Code}:{certification.ValidUntil.ToUnixTimeSeconds()}:{what}";
    }
}
