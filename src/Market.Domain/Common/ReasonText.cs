namespace Market.Domain.Common;

/// <summary>A reason a person gives for a decision (suspension, release, cancellation): required, trimmed, bounded.</summary>
internal static class ReasonText
{
    public const int MaxLength = 500;

    public static string Of(string? reason, string requiredCode)
    {
        var trimmed = RequiredText.Of(reason, requiredCode, "A reason is required.");
        return trimmed.Length <= MaxLength
            ? trimmed
            : throw new UnprocessableInputException("reason_too_long", $"A reason has at most {MaxLength} characters.");
    }
}
