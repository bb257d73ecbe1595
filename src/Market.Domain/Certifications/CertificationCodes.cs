using Market.Domain.Jobs;

namespace Market.Domain.Certifications;

/// <summary>Stable codes of the platform's worker certification types (agents may define more of their own).</summary>
public static class CertificationCodes
{
    /// <summary>Confidentiality and personal-information handling: mandatory for any unit.</summary>
    public const string Confidentiality = "confidentiality";
    public const string TranscriptionL1 = "transcription_l1";
    public const string TranscriptionL2 = "transcription_l2";
    public const string DataEntry = "data_entry";
    public const string DataEntryPersonalData = "data_entry_personal_data";
    public const string WebEditing = "web_editing";
    public const string QcReviewer = "qc_reviewer";

    public static IReadOnlyList<string> Platform { get; } =
        [Confidentiality, TranscriptionL1, TranscriptionL2, DataEntry, DataEntryPersonalData, WebEditing, QcReviewer];

    public static bool IsPlatform(string code) => Platform.Contains(code);
}

/// <summary>A requirement met by any one of its codes: a higher level covers a lower one (L2 covers L1 work).</summary>
public sealed record CertificationRequirement(IReadOnlyList<string> AnyOf)
{
    public bool IsMetBy(IReadOnlySet<string> validCodes)
    {
        ArgumentNullException.ThrowIfNull(validCodes);
        return AnyOf.Any(validCodes.Contains);
    }

    public override string ToString() => string.Join(" or ", AnyOf);
}

/// <summary>
/// Which certifications a worker must hold, valid, to be given a unit of a job. Everyone needs
/// <see cref="CertificationCodes.Confidentiality"/>; then by type: transcription L1 (L2 also does), and L2 for edited
/// transcription (整文, the hardest style); data entry, plus the personal-data certification when the job holds
/// personal data; web editing. The caller feeds the worker's codes valid now (a lapsed certification is absent).
/// </summary>
public static class RequiredCertifications
{
    private static readonly CertificationRequirement Confidentiality = new([CertificationCodes.Confidentiality]);
    private static readonly CertificationRequirement AnyTranscription = new([CertificationCodes.TranscriptionL1, CertificationCodes.TranscriptionL2]);
    private static readonly CertificationRequirement TranscriptionL2 = new([CertificationCodes.TranscriptionL2]);
    private static readonly CertificationRequirement DataEntry = new([CertificationCodes.DataEntry]);
    private static readonly CertificationRequirement PersonalData = new([CertificationCodes.DataEntryPersonalData]);
    private static readonly CertificationRequirement WebEditing = new([CertificationCodes.WebEditing]);

    public static IReadOnlyList<CertificationRequirement> For(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return For(job.Type, job.Confidentiality, job.TranscriptionSettings?.Style);
    }

    public static IReadOnlyList<CertificationRequirement> For(JobType type, ConfidentialityLevel confidentiality, TranscriptionStyle? style) => type switch
    {
        JobType.Transcription => [Confidentiality, style == TranscriptionStyle.Edited ? TranscriptionL2 : AnyTranscription],
        JobType.DataEntry when confidentiality == ConfidentialityLevel.PersonalData => [Confidentiality, DataEntry, PersonalData],
        JobType.DataEntry => [Confidentiality, DataEntry],
        JobType.WebEdit => [Confidentiality, WebEditing],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The requirements the worker does not meet, empty when they may take the job's units.</summary>
    public static IReadOnlyList<CertificationRequirement> Missing(Job job, IReadOnlySet<string> validCodes) =>
        For(job).Where(r => !r.IsMetBy(validCodes)).ToList();
}

/// <summary>
/// What a worker's valid certifications let them take, in the terms the claim query filters the pool by (job
/// type, transcription style, confidentiality). It says the same as <see cref="RequiredCertifications"/>; a domain
/// test checks the two agree for every kind of job.
/// </summary>
public sealed record CertifiedScope(IReadOnlyList<JobType> JobTypes, bool EditedTranscription, bool PersonalDataEntry)
{
    public static CertifiedScope Of(IReadOnlySet<string> validCodes)
    {
        ArgumentNullException.ThrowIfNull(validCodes);
        if (!validCodes.Contains(CertificationCodes.Confidentiality))
        {
            return new CertifiedScope([], false, false);
        }

        var types = new List<JobType>();
        if (validCodes.Contains(CertificationCodes.TranscriptionL1) || validCodes.Contains(CertificationCodes.TranscriptionL2))
        {
            types.Add(JobType.Transcription);
        }

        if (validCodes.Contains(CertificationCodes.DataEntry))
        {
            types.Add(JobType.DataEntry);
        }

        if (validCodes.Contains(CertificationCodes.WebEditing))
        {
            types.Add(JobType.WebEdit);
        }

        return new CertifiedScope(
            types,
            validCodes.Contains(CertificationCodes.TranscriptionL2),
            validCodes.Contains(CertificationCodes.DataEntryPersonalData));
    }

    public bool Covers(JobType type, ConfidentialityLevel confidentiality, TranscriptionStyle? style) =>
        JobTypes.Contains(type)
        && (type != JobType.Transcription || style != TranscriptionStyle.Edited || EditedTranscription)
        && (type != JobType.DataEntry || confidentiality != ConfidentialityLevel.PersonalData || PersonalDataEntry);
}
