using FluentValidation;
using Market.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Market.Api.Infrastructure;

/// <summary>
/// The one error contract: every exception becomes RFC 9457 ProblemDetails with a stable <c>code</c>,
/// in every environment. Bad input never answers 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail, errors) = Map(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception answered {Status} {Code}", status, code);
        }

        ProblemDetails problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        switch (exception)
        {
            case Features.Assignments.NoEligibleWorkerException noWorker:
                problem.Extensions["ranking"] = noWorker.Ranking;
                break;
            case EligibilityException eligibility:
                problem.Extensions["refusals"] = eligibility.Refusals;
                break;
            case Identity.TwoFactorSetupRequiredException setup:
                problem.Extensions["setupTicket"] = setup.Ticket;
                break;
        }


        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        if (exception is RateLimitedException limited)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (int Status, string Code, string Title, string? Detail, IDictionary<string, string[]>? Errors) Map(Exception exception) =>
        exception switch
        {
            ValidationException validation => (400, ErrorCodes.ValidationFailed, "One or more fields are invalid.", null,
                validation.Errors
                    .GroupBy(e => JsonFieldName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            BadHttpRequestException bad when bad.StatusCode == 413 => (413, ErrorCodes.PayloadTooLarge, "The request body is too large.", null, null),
            BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), "The request could not be read.", Describe(bad), null),
            UnauthorizedException e => (401, e.Code, "Not authenticated.", e.Message, null),
            RateLimitedException e => (429, ErrorCodes.RateLimited, "Too many requests.", e.Message, null),
            ForbiddenException e => (403, e.Code, "Not allowed.", e.Message, null),
            Identity.TwoFactorSetupRequiredException e => (403, "two_factor_setup_required", "Two-factor authentication must be set up.", e.Message, null),
            NotFoundException e => (404, e.Code, "Not found.", e.Message, null),
            DomainRuleException e => (409, e.Code, "A business rule refused the request.", e.Message, null),
            UnprocessableInputException e => (422, e.Code, "The input cannot be processed.", e.Message, null),
            Features.Files.Upload.UnsupportedFileTypeException e => (415, "file_type_not_allowed", "This kind of file is not accepted.", e.Message, null),
            DbUpdateConcurrencyException => (409, ErrorCodes.ConcurrencyConflict, "Someone else changed this first.", "Reload and try again.", null),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                (409, ErrorCodes.Conflict, "This already exists.", null, null),
            _ when IsDatabaseUnavailable(exception) => (503, ErrorCodes.ServiceUnavailable, "The service is temporarily unavailable.", "Try again shortly.", null),
            _ => (500, ErrorCodes.InternalError, "An unexpected error occurred.", null, null),
        };

    // Clients see the JSON names (camelCase), so field errors are keyed the same way: "Items[0].Name" → "items[0].name".
    private static string JsonFieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));

    // The JSON reader's message names the path and position of the problem, which is what a client needs; it
    // never contains request data.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? json.Message : bad.Message;

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException
                || e is NpgsqlException { InnerException: System.Net.Sockets.SocketException })
            {
                return true;
            }
        }

        return false;
    }
}
