namespace Market.Domain.Common;

internal static class RequiredText
{
    /// <summary>The trimmed text, or an <see cref="UnprocessableInputException"/> with <paramref name="code"/> if it is blank.</summary>
    public static string Of(string? value, string code, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new UnprocessableInputException(code, message) : value.Trim();
}
