namespace Market.Domain.Common;

/// <summary>
/// A business rule refused the change. <see cref="Code"/> is stable and machine-readable
/// (snake_case, e.g. <c>job_not_open</c>); the API answers 409 with it.
/// </summary>
public class DomainRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Input that is well-formed but cannot be processed (a lying WAV header, a ragged CSV). The API answers 422.</summary>
public class UnprocessableInputException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
