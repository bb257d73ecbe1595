using Market.Domain.Common;

namespace Market.Domain.Quality;

/// <summary>
/// The fixed catalogue of reasons a reviewer gives for rework or rejection. A code, not free text, so the
/// worker sees the same words every time and the agent can count why work comes back.
/// </summary>
public static class ReviewReasonCodes
{
    public const string Typo = "typo";
    public const string MissingText = "missing_text";
    public const string WrongFormat = "wrong_format";
    public const string WrongSpeaker = "wrong_speaker";
    public const string WrongValue = "wrong_value";
    public const string NotAsSpecified = "not_as_specified";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Typo, MissingText, WrongFormat, WrongSpeaker, WrongValue, NotAsSpecified, Other];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);

    internal static string Validate(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new UnprocessableInputException("review_reason_required", "A reason code is required.");
        }

        var trimmed = code.Trim();
        return IsKnown(trimmed)
            ? trimmed
            : throw new UnprocessableInputException(
                "review_reason_code_unknown",
                $"'{trimmed}' is not a review reason; use one of {string.Join(", ", All)}.");
    }

    /// <summary>At least one code, each known; repeats are dropped, the order kept.</summary>
    internal static List<string> ValidateList(IEnumerable<string>? codes)
    {
        var list = (codes ?? []).Select(Validate).Distinct(StringComparer.Ordinal).ToList();
        return list.Count > 0
            ? list
            : throw new UnprocessableInputException("review_reason_required", "At least one reason code is required.");
    }
}
