using System.ComponentModel.DataAnnotations;
using Market.Web.Api;
using Market.Web.Formatting;
using Market.Web.Jobs;
using Market.Web.Localization;
using Market.Web.Resources;
using Market.Web.Uploads;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Market.Web.Pages.Client.Jobs;

/// <summary>
/// Posting a job. With JavaScript the file is uploaded on its own first (upload.js, with a progress bar) and only its
/// id comes back with the form; without it the file travels with the form and is uploaded here.
/// </summary>
[RequestSizeLimit(UploadLimits.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.MaxRequestBytes)]
public sealed class NewModel(
    JobsApiClient jobs,
    FilesApiClient files,
    ProblemLocalizer problems,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider timeProvider) : PageModel
{
    private const string InProgressCode = "idempotency_request_in_progress";
    private static readonly TimeSpan InProgressRetryDelay = TimeSpan.FromMilliseconds(500);
    private const int InProgressRetries = 40;

    private static readonly IReadOnlyDictionary<string, string> FieldKeys = new Dictionary<string, string>
    {
        ["type"] = "Input.Type",
        ["title"] = "Input.Title",
        ["specMarkdown"] = "Input.SpecMarkdown",
        ["deadline"] = "Input.DeadlineDate",
        ["confidentiality"] = "Input.Confidentiality",
        ["regionPreference"] = "Input.Regions",
        ["inputFiles"] = nameof(Upload),
        ["file"] = nameof(Upload),
        ["transcription"] = "Input.Style",
        ["transcription.style"] = "Input.Style",
        ["transcription.segmentMinutes"] = "Input.SegmentMinutes",
        ["dataEntry"] = "Input.BatchSize",
        ["dataEntry.batchSize"] = "Input.BatchSize",
        ["webEdit"] = "Input.ContentFormat",
        ["webEdit.contentFormat"] = "Input.ContentFormat",
    };

    /// <summary>Rules the API reports by code that are about one field of this form.</summary>
    private static readonly IReadOnlyDictionary<string, string> CodeKeys = new Dictionary<string, string>
    {
        ["payload_too_large"] = nameof(Upload),
        ["file_type_not_allowed"] = nameof(Upload),
        ["file_empty"] = nameof(Upload),
        ["input_file_not_found"] = nameof(Upload),
        ["input_file_wrong_type"] = nameof(Upload),
        ["input_file_too_large"] = nameof(Upload),
        ["csv_ragged_row"] = nameof(Upload),
        ["csv_encoding_invalid"] = nameof(Upload),
        ["csv_empty"] = nameof(Upload),
        ["csv_header_invalid"] = nameof(Upload),
        ["csv_malformed"] = nameof(Upload),
        ["csv_too_large"] = nameof(Upload),
        ["audio_header_invalid"] = nameof(Upload),
        ["audio_decode_failed"] = nameof(Upload),
        ["audio_data_truncated"] = nameof(Upload),
        ["audio_empty"] = nameof(Upload),
        ["webedit_malformed"] = nameof(Upload),
        ["webedit_field_missing"] = nameof(Upload),
        ["webedit_url_invalid"] = nameof(Upload),
        ["webedit_url_duplicate"] = nameof(Upload),
        ["job_title_required"] = "Input.Title",
        ["job_title_too_long"] = "Input.Title",
        ["job_spec_required"] = "Input.SpecMarkdown",
        ["job_deadline_not_in_future"] = "Input.DeadlineDate",
        ["job_region_unknown"] = "Input.Regions",
        ["transcription_segment_length_out_of_range"] = "Input.SegmentMinutes",
        ["transcription_style_unknown"] = "Input.Style",
        ["data_entry_batch_size_out_of_range"] = "Input.BatchSize",
        ["web_edit_format_unknown"] = "Input.ContentFormat",
    };

    [BindProperty]
    public JobInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Where the error summary links for each field: the first control of a group, or the control itself.</summary>
    public static string AnchorFor(string key) => key switch
    {
        "Input.Type" => "type-" + JobVocabulary.Types[0],
        "Input.Confidentiality" => "confidentiality-" + JobVocabulary.ConfidentialityLevels[0],
        "Input.Regions" => "regions",
        _ => Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(key, "_"),
    };

    public void OnGet()
    {
        var tokyoNow = TokyoTime.ToTokyo(timeProvider.GetUtcNow());
        Input = new JobInput
        {
            DeadlineDate = DateOnly.FromDateTime(tokyoNow.DateTime).AddDays(7),
            DeadlineTime = new TimeOnly(17, 0),
            IdempotencyKey = Guid.NewGuid().ToString(),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(Input.IdempotencyKey, out _))
        {
            Input.IdempotencyKey = Guid.NewGuid().ToString();
        }

        ValidateChoices();

        // Uploaded even when other fields need fixing, so the corrected form does not ask for the file again.
        if (Upload is not null)
        {
            await UploadAsync(Upload, cancellationToken);
        }
        else if (string.IsNullOrWhiteSpace(Input.InputFileId))
        {
            ModelState.AddModelError(nameof(Upload), localizer["Validation_FileRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await PostAsync(ToRequest(), cancellationToken);
        if (result.Succeeded)
        {
            TempData[DetailsModel.NoticeKey] = "JobNotice_Posted";
            return RedirectToPage("/Client/Jobs/Details", new { id = result.Value.Id });
        }

        problems.AddToModelState(ModelState, result.Problem, FieldKeys, CodeKeys);
        return Page();
    }

    private async Task UploadAsync(IFormFile upload, CancellationToken cancellationToken)
    {
        ModelState.Remove(nameof(Upload));
        Input.InputFileId = null;
        Input.InputFileSummary = null;
        await using var content = upload.OpenReadStream();
        var result = await files.UploadAsync(content, upload.FileName, upload.ContentType, replayable: true, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Upload), problems.Explain(result.Problem));
            return;
        }

        Input.InputFileId = result.Value.Id;
        Input.InputFileSummary = localizer["Upload_FileSummary", result.Value.FileName, FileSize.Format(result.Value.Length)];
    }

    /// <summary>A second submit of the same form waits for the first instead of failing, and gets the job the first created.</summary>
    private async Task<ApiResult<JobDetails>> PostAsync(PostJobRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await jobs.PostAsync(request, Input.IdempotencyKey, cancellationToken);
            if (result.Succeeded || result.Problem.Code != InProgressCode || attempt >= InProgressRetries)
            {
                return result;
            }

            await Task.Delay(InProgressRetryDelay, timeProvider, cancellationToken);
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> SettingsKeys = new Dictionary<string, string[]>
    {
        [JobVocabulary.Transcription] = ["Input.Style", "Input.SegmentMinutes"],
        [JobVocabulary.DataEntry] = ["Input.BatchSize"],
        [JobVocabulary.WebEdit] = ["Input.ContentFormat"],
    };

    private void ValidateChoices()
    {
        // Only the chosen type's settings are sent, so what was typed into the others does not matter.
        foreach (var key in SettingsKeys.Where(pair => pair.Key != Input.Type).SelectMany(pair => pair.Value))
        {
            ModelState.Remove(key);
        }

        RequireOneOf("Input.Type", Input.Type, JobVocabulary.Types, "Field_JobType");
        RequireOneOf("Input.Confidentiality", Input.Confidentiality, JobVocabulary.ConfidentialityLevels, "Field_Confidentiality");
        if (Input.Regions.Any(region => Prefectures.Find(region) is null))
        {
            ModelState.AddModelError("Input.Regions", localizer["Validation_Choose", localizer["Field_Regions"]]);
        }

        switch (Input.Type)
        {
            case JobVocabulary.Transcription:
                RequireOneOf("Input.Style", Input.Style, JobVocabulary.TranscriptionStyles, "Field_TranscriptionStyle");
                RequireInRange("Input.SegmentMinutes", Input.SegmentMinutes, JobInput.MinSegmentMinutes, JobInput.MaxSegmentMinutes, "Field_SegmentMinutes");
                break;
            case JobVocabulary.DataEntry:
                RequireInRange("Input.BatchSize", Input.BatchSize, JobInput.MinBatchSize, JobInput.MaxBatchSize, "Field_BatchSize");
                break;
            case JobVocabulary.WebEdit:
                RequireOneOf("Input.ContentFormat", Input.ContentFormat, JobVocabulary.WebContentFormats, "Field_ContentFormat");
                break;
        }
    }

    private void RequireOneOf(string key, string? value, IReadOnlyList<string> allowed, string fieldKey)
    {
        if (ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && (value is null || !allowed.Contains(value)))
        {
            ModelState.AddModelError(key, localizer["Validation_Choose", localizer[fieldKey]]);
        }
    }

    private void RequireInRange(string key, int? value, int min, int max, string fieldKey)
    {
        ModelState.Remove(key);
        if (value is null || value < min || value > max)
        {
            ModelState.AddModelError(key, localizer["Validation_Range", localizer[fieldKey], min, max]);
        }
    }

    private PostJobRequest ToRequest() => new(
        Input.Type,
        Input.Title.Trim(),
        Input.SpecMarkdown,
        // Sent in UTC: the API stores timestamptz and at present refuses (500) any other offset.
        TokyoTime.FromTokyoWallClock(Input.DeadlineDate!.Value, Input.DeadlineTime!.Value).ToUniversalTime(),
        Input.Confidentiality,
        Prefectures.All.Where(p => Input.Regions.Contains(p.Name)).Select(p => p.Name).ToList(),
        [Input.InputFileId!],
        Input.Type == JobVocabulary.Transcription ? new TranscriptionOptions(Input.SegmentMinutes, null, Input.Style) : null,
        Input.Type == JobVocabulary.DataEntry ? new DataEntryOptions(Input.BatchSize, null) : null,
        Input.Type == JobVocabulary.WebEdit ? new WebEditOptions(Input.ContentFormat) : null);

    public sealed class JobInput
    {
        public const int MinSegmentMinutes = 2;
        public const int MaxSegmentMinutes = 8;
        public const int MinBatchSize = 1;
        public const int MaxBatchSize = 500;
        public const int MaxTitleLength = 200;

        [Display(Name = "Field_JobType")]
        public string Type { get; set; } = JobVocabulary.Transcription;

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(MaxTitleLength, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Field_JobTitle")]
        public string Title { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(100_000, ErrorMessage = "Validation_MaxLength")]
        [Display(Name = "Field_JobSpec")]
        public string SpecMarkdown { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Field_DeadlineDate")]
        public DateOnly? DeadlineDate { get; set; }

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Field_DeadlineTime")]
        public TimeOnly? DeadlineTime { get; set; }

        [Display(Name = "Field_Confidentiality")]
        public string Confidentiality { get; set; } = JobVocabulary.ConfidentialityLevels[0];

        [Display(Name = "Field_Regions")]
        public List<string> Regions { get; set; } = [];

        [Display(Name = "Field_TranscriptionStyle")]
        public string Style { get; set; } = "CleanVerbatim";

        [Display(Name = "Field_SegmentMinutes")]
        public int? SegmentMinutes { get; set; } = 5;

        [Display(Name = "Field_BatchSize")]
        public int? BatchSize { get; set; } = 50;

        [Display(Name = "Field_ContentFormat")]
        public string ContentFormat { get; set; } = JobVocabulary.WebContentFormats[0];

        public string? InputFileId { get; set; }

        public string? InputFileSummary { get; set; }

        public string IdempotencyKey { get; set; } = string.Empty;
    }
}
