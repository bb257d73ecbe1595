using System.Text.RegularExpressions;
using Market.Web.Api;
using Market.Web.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Market.Web.Localization;

/// <summary>Shows API problems in the user's language: a known <c>code</c> picks a localized message; field errors go beside their fields.</summary>
public sealed partial class ProblemLocalizer(IStringLocalizer<SharedResource> localizer)
{
    internal static readonly IReadOnlyDictionary<string, string> MessageKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["invalid_credentials"] = "Problem_InvalidCredentials",
        ["locked_out"] = "Problem_LockedOut",
        ["two_factor_required"] = "Problem_TwoFactorRequired",
        ["invalid_two_factor_code"] = "Problem_InvalidTwoFactorCode",
        ["account_suspended"] = "Problem_AccountSuspended",
        ["validation_failed"] = "Problem_ValidationFailed",
        ["unauthorized"] = "Problem_Unauthorized",
        ["forbidden"] = "Problem_Forbidden",
        ["not_found"] = "Problem_NotFound",
        ["job_not_found"] = "Problem_NotFound",
        ["rate_limited"] = "Problem_RateLimited",
        ["conflict"] = "Problem_Conflict",
        ["concurrency_conflict"] = "Problem_Conflict",
        ["service_unavailable"] = "Problem_ServiceUnavailable",
        [ApiProblem.ServiceUnavailableCode] = "Problem_ServiceUnavailable",
        ["payload_too_large"] = "Problem_PayloadTooLarge",
        ["file_type_not_allowed"] = "Problem_FileTypeNotAllowed",
        ["file_empty"] = "Problem_FileEmpty",
        ["input_file_not_found"] = "Problem_InputFileNotFound",
        ["input_file_wrong_type"] = "Problem_InputFileWrongType",
        ["input_file_too_large"] = "Problem_InputFileTooLarge",
        ["csv_ragged_row"] = "Problem_CsvRaggedRow",
        ["csv_encoding_invalid"] = "Problem_CsvEncodingInvalid",
        ["csv_empty"] = "Problem_CsvEmpty",
        ["csv_header_invalid"] = "Problem_CsvHeaderInvalid",
        ["csv_malformed"] = "Problem_CsvMalformed",
        ["csv_too_large"] = "Problem_CsvTooLarge",
        ["audio_header_invalid"] = "Problem_AudioHeaderInvalid",
        ["audio_decode_failed"] = "Problem_AudioDecodeFailed",
        ["audio_empty"] = "Problem_AudioEmpty",
        ["audio_data_truncated"] = "Problem_AudioDecodeFailed",
        ["webedit_malformed"] = "Problem_WebEditInputInvalid",
        ["webedit_field_missing"] = "Problem_WebEditInputInvalid",
        ["webedit_url_invalid"] = "Problem_WebEditInputInvalid",
        ["webedit_url_duplicate"] = "Problem_WebEditInputInvalid",
        ["job_deadline_not_in_future"] = "Problem_JobDeadlineNotInFuture",
        ["transcription_segment_length_out_of_range"] = "Problem_SegmentLengthOutOfRange",
        ["data_entry_batch_size_out_of_range"] = "Problem_BatchSizeOutOfRange",
        ["job_region_unknown"] = "Problem_JobRegionUnknown",
        ["job_not_cancellable"] = "Problem_JobNotCancellable",
        ["job_not_delivered"] = "Problem_JobNotDelivered",
        ["job_cancellation_reason_required"] = "Problem_ReasonRequired",
        ["job_revision_reason_required"] = "Problem_ReasonRequired",
        ["idempotency_key_reused"] = "Problem_IdempotencyKeyReused",
        ["idempotency_request_in_progress"] = "Problem_Conflict",
        ["antiforgery_failed"] = "Problem_FormExpired",
        ["session_expired"] = "Problem_SessionExpired",
        // Impact reports
        ["report_range_reversed"] = "Impact_Problem_RangeReversed",
        ["report_month_invalid"] = "Impact_Problem_MonthInvalid",
        ["report_prefecture_unknown"] = "Impact_Problem_PrefectureUnknown",
        ["report_public_bodies_only"] = "Impact_Problem_PublicBodiesOnly",
        ["report_prefecture_not_yours"] = "Impact_Problem_PrefectureNotYours",
        // Worker portal
        ["no_unit_available"] = "Worker_Problem_NoUnitAvailable",
        ["worker_at_capacity"] = "Worker_Problem_AtCapacity",
        ["worker_certification_missing"] = "Worker_Problem_CertificationMissing",
        ["worker_not_active"] = "Worker_Problem_NotActive",
        ["worker_not_in_agent"] = "Worker_Problem_NotActive",
        ["unit_not_held"] = "Worker_Problem_LeaseLost",
        ["lease_expired"] = "Worker_Problem_LeaseLost",
        ["assignment_mismatch"] = "Worker_Problem_LeaseLost",
        ["assignment_not_active"] = "Worker_Problem_LeaseLost",
        ["submission_shape_mismatch"] = "Worker_Problem_ShapeMismatch",
        ["submission_not_keyed_rows"] = "Worker_Problem_ShapeMismatch",
        ["appeal_already_made"] = "Worker_Problem_AppealAlreadyMade",
        ["appeal_not_rejected"] = "Worker_Problem_AppealNotRejected",
        ["appeal_statement_required"] = "Worker_Problem_AppealStatementRequired",
        ["appeal_window_closed"] = "Worker_Problem_AppealWindowClosed",
        ["review_task_not_found"] = "Problem_NotFound",
        ["payout_schedule_not_allowed"] = "Worker_Problem_ScheduleNotAllowed",
        ["worker_profile_not_found"] = "Worker_Problem_NotActive",
        ["statement_month_invalid"] = "Worker_Problem_StatementMonthInvalid",
        // Invoices (agent console and client portal)
        ["invoice_not_found"] = "Problem_NotFound",
        ["invoice_issuer_not_configured"] = "Problem_InvoiceIssuerNotConfigured",
        ["invoice_job_already_invoiced"] = "Problem_InvoiceJobAlreadyInvoiced",
        ["invoice_job_not_accepted"] = "Problem_InvoiceJobNotAccepted",
        ["invoice_nothing_to_invoice"] = "Problem_InvoiceNothingToInvoice",
        ["invoice_month_not_over"] = "Problem_InvoiceMonthNotOver",
        ["invoice_job_required"] = "Problem_InvoiceJobRequired",
        // Worker certifications and exams
        ["exam_cooldown"] = "Worker_Problem_ExamCooldown",
        ["exam_attempt_in_progress"] = "Worker_Problem_ExamInProgress",
        ["exam_time_over"] = "Worker_Problem_ExamTimeOver",
        ["exam_attempt_finished"] = "Worker_Problem_ExamFinished",
        ["exam_question_not_in_attempt"] = "Worker_Problem_ExamQuestionNotInAttempt",
        ["exam_option_out_of_range"] = "Worker_Problem_ExamOptionOutOfRange",
        ["exam_question_bank_too_small"] = "Worker_Problem_ExamUnavailable",
        ["exam_attempt_not_found"] = "Worker_Problem_ExamNotFound",
        ["certification_type_not_found"] = "Worker_Problem_ExamNotFound",
        ["certification_revoked"] = "Worker_Problem_CertificationRevoked",
        ["certification_renewal_not_open"] = "Worker_Problem_RenewalNotOpen",
        ["certification_renewal_closed"] = "Worker_Problem_RenewalClosed",
        ["certification_still_held"] = "Worker_Problem_CertificationStillHeld",
    };

    /// <summary>Problems whose API detail says where in the file the trouble is (a line, a field): it is kept beside the message.</summary>
    private static readonly HashSet<string> DetailLocatesTheProblem =
    [
        "csv_ragged_row", "csv_header_invalid", "csv_malformed", "csv_too_large", "csv_encoding_invalid", "input_file_too_large",
        "audio_header_invalid", "audio_decode_failed", "webedit_malformed", "webedit_field_missing", "webedit_url_invalid", "webedit_url_duplicate",
    ];

    /// <summary>A short summary for the problem as a whole (validation problems list their fields separately).</summary>
    public string Message(ApiProblem problem) =>
        localizer[KeyFor(problem.Code) ?? "Problem_Generic"];

    /// <summary>The problem in the user's language when the UI knows its code; otherwise the API's own detail.</summary>
    public string Explain(ApiProblem problem)
    {
        if (KeyFor(problem.Code) is { } key)
        {
            var message = localizer[key].Value;
            return DetailLocatesTheProblem.Contains(problem.Code) && !string.IsNullOrWhiteSpace(problem.Detail)
                ? localizer["Problem_WithDetail", message, problem.Detail].Value
                : message;
        }

        return string.IsNullOrWhiteSpace(problem.Detail) ? localizer["Problem_Generic"].Value : problem.Detail;
    }

    /// <summary>The message key for a problem code: the shared ones first, then the agent and operator console's.</summary>
    public static string? KeyFor(string code) =>
        MessageKeys.TryGetValue(code, out var key) || Agent.AgentProblems.MessageKeys.TryGetValue(code, out key) ? key : null;

    /// <summary>
    /// Adds the localized summary under the form-level key and each API field error under the model key the
    /// form uses for that field; errors for fields the form does not show join the summary.
    /// </summary>
    public void AddToModelState(ModelStateDictionary modelState, ApiProblem problem, IReadOnlyDictionary<string, string> fieldKeys)
    {
        modelState.AddModelError(string.Empty, Message(problem));
        foreach (var (field, messages) in problem.Errors)
        {
            var key = FieldKeyFor(field, fieldKeys);
            foreach (var message in messages)
            {
                modelState.AddModelError(key ?? string.Empty, message);
            }
        }
    }

    /// <summary>
    /// As <see cref="AddToModelState(ModelStateDictionary, ApiProblem, IReadOnlyDictionary{string, string})"/>, and a
    /// problem about one field but reported by code (a 409 or 422 rule) goes beside the field that <paramref name="codeKeys"/> names.
    /// </summary>
    public void AddToModelState(
        ModelStateDictionary modelState, ApiProblem problem, IReadOnlyDictionary<string, string> fieldKeys, IReadOnlyDictionary<string, string> codeKeys)
    {
        if (problem.Errors.Count > 0)
        {
            AddToModelState(modelState, problem, fieldKeys);
            return;
        }

        modelState.AddModelError(codeKeys.GetValueOrDefault(problem.Code, string.Empty), Explain(problem));
    }

    // "inputFiles[0]" and "transcription.style" fall back to "inputFiles" and "transcription" when the form has no key of their own.
    private static string? FieldKeyFor(string field, IReadOnlyDictionary<string, string> fieldKeys)
    {
        for (var candidate = field; candidate.Length > 0; candidate = Parent(candidate))
        {
            var match = fieldKeys.FirstOrDefault(pair => string.Equals(pair.Key, candidate, StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null)
            {
                return match.Value;
            }
        }

        return null;
    }

    private static string Parent(string field)
    {
        var withoutIndex = TrailingIndex().Replace(field, string.Empty);
        if (withoutIndex != field)
        {
            return withoutIndex;
        }

        var dot = field.LastIndexOf('.');
        return dot < 0 ? string.Empty : field[..dot];
    }

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex TrailingIndex();
}
