namespace Market.Web.Jobs;

/// <summary>
/// The API's job words (sent and received as strings) that the UI knows how to label, in display order.
/// A value the API adds later still shows, as itself, until it gets a label.
/// </summary>
public static class JobVocabulary
{
    public const string Transcription = "Transcription";
    public const string DataEntry = "DataEntry";
    public const string WebEdit = "WebEdit";

    public static readonly IReadOnlyList<string> Types = [Transcription, DataEntry, WebEdit];

    public static readonly IReadOnlyList<string> Statuses =
        ["Draft", "Open", "Contracted", "InProgress", "Delivered", "RevisionRequested", "Accepted", "Closed", "Cancelled"];

    public static readonly IReadOnlyList<string> UnitStatuses =
        ["Pending", "Available", "Assigned", "Submitted", "InReview", "ReworkRequested", "Accepted", "Withdrawn"];

    public static readonly IReadOnlyList<string> ConfidentialityLevels = ["Standard", "Confidential", "PersonalData"];

    public static readonly IReadOnlyList<string> TranscriptionStyles = ["Verbatim", "CleanVerbatim", "Edited"];

    public static readonly IReadOnlyList<string> WebContentFormats = ["Html", "Markdown"];

    /// <summary>Label keys are composed from these prefixes and the values above.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> LabelKeys = new Dictionary<string, IReadOnlyList<string>>
    {
        ["JobType_"] = Types,
        ["JobStatus_"] = Statuses,
        ["UnitStatus_"] = UnitStatuses,
        ["Confidentiality_"] = ConfidentialityLevels,
        ["TranscriptionStyle_"] = TranscriptionStyles,
        ["WebContentFormat_"] = WebContentFormats,
    };

    private static readonly HashSet<string> Cancellable = ["Draft", "Open", "Contracted"];

    public static bool IsCancellable(string status) => Cancellable.Contains(status);

    public static bool AwaitsClientDecision(string status) => status == "Delivered";

    /// <summary>CSS modifier for a status badge; the badge always shows the status as text too.</summary>
    public static string StatusClass(string status) => "status--" + status.ToLowerInvariant();
}
