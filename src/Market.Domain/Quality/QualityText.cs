using Market.Domain.Common;

namespace Market.Domain.Quality;

/// <summary>Free text in QC (comments, appeal statements): trimmed, bounded, required or not.</summary>
internal static class QualityText
{
    public const int MaxLength = 2_000;

    public static string Required(string? text, string requiredCode, string message) =>
        Bounded(RequiredText.Of(text, requiredCode, message));

    public static string? Optional(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Bounded(text.Trim());

    private static string Bounded(string text) =>
        text.Length <= MaxLength
            ? text
            : throw new UnprocessableInputException("review_comment_too_long", $"A comment has at most {MaxLength} characters.");
}

/// <summary>The reasons and comment a reviewer gives with rework or a rejection, checked against the catalogue.</summary>
internal sealed record ReviewFeedback(IReadOnlyList<string> ReasonCodes, string? Comment)
{
    /// <summary>At least one reason code; a comment is needed only when the reasons include <see cref="ReviewReasonCodes.Other"/>.</summary>
    public static ReviewFeedback ForRework(IEnumerable<string>? reasonCodes, string? comment)
    {
        var codes = ReviewReasonCodes.ValidateList(reasonCodes);
        var text = codes.Contains(ReviewReasonCodes.Other)
            ? QualityText.Required(comment, "review_comment_required", "Say what is wrong when the reason is 'other'.")
            : QualityText.Optional(comment);
        return new ReviewFeedback(codes, text);
    }

    /// <summary>A rejection costs the worker the unit, so it always needs a reason code and a comment.</summary>
    public static ReviewFeedback ForRejection(string? reasonCode, string? comment)
    {
        var code = ReviewReasonCodes.Validate(reasonCode);
        var text = QualityText.Required(comment, "review_comment_required", "A rejection needs a comment saying what was wrong.");
        return new ReviewFeedback([code], text);
    }

    /// <summary>The reason recorded on the unit, e.g. "typo, missing_text: 2分15秒付近が抜けています".</summary>
    public string ToReasonText() =>
        Comment is null ? string.Join(", ", ReasonCodes) : $"{string.Join(", ", ReasonCodes)}: {Comment}";
}
