using Market.Domain.Jobs;

namespace Market.Domain.Certifications;

/// <summary>Stable codes of the worker certification types.</summary>
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
}

/// <summary>
/// Which certifications a worker must hold, valid, to be given a unit. For now only the mandatory
/// confidentiality certification; the certification issue adds the per-type ones here, and the caller feeds
/// the worker's currently valid codes (a lapsed certification is simply absent from that set).
/// </summary>
public static class RequiredCertifications
{
    public static IReadOnlyList<string> For(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return [CertificationCodes.Confidentiality];
    }
}
