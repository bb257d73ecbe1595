using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Tests.Support;

namespace Market.Domain.Tests.Jobs;

public class JobDraftTests
{
    private static Job DraftWith(string title = "会議録", string spec = "仕様", IEnumerable<string>? regions = null) =>
        Job.Draft(
            JobId.New(),
            TestJobs.ClientId,
            title,
            spec,
            TestJobs.Deadline,
            ConfidentialityLevel.Confidential,
            DataEntrySettings.Default,
            regions ?? [],
            [TestJobs.InputFile],
            TestJobs.Now);

    [Fact]
    public void Draft_WhenValid_TakesItsTypeFromTheSettingsAndRaisesJobDrafted()
    {
        var job = DraftWith(regions: ["高知県", "長野県", "高知県"]);

        Assert.Equal(JobStatus.Draft, job.Status);
        Assert.Equal(JobType.DataEntry, job.Type);
        Assert.NotNull(job.DataEntrySettings);
        Assert.Null(job.TranscriptionSettings);
        Assert.Equal(["高知県", "長野県"], job.RegionPreference);
        Assert.IsType<JobDrafted>(Assert.Single(job.DomainEvents));
    }

    [Theory]
    [InlineData("", "job_title_required")]
    [InlineData("   ", "job_title_required")]
    public void Draft_WhenTitleIsBlank_IsRefused(string title, string code)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => DraftWith(title: title));

        Assert.Equal(code, refusal.Code);
    }

    [Fact]
    public void Draft_WhenTitleIsTooLong_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => DraftWith(title: new string('字', Job.MaxTitleLength + 1)));

        Assert.Equal("job_title_too_long", refusal.Code);
    }

    [Fact]
    public void Draft_WhenSpecIsBlank_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => DraftWith(spec: "\n"));

        Assert.Equal("job_spec_required", refusal.Code);
    }

    [Theory]
    [InlineData("高知")]
    [InlineData("Kochi")]
    [InlineData("東京")]
    public void Draft_WhenRegionIsNotAPrefectureName_IsRefused(string region)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => DraftWith(regions: [region]));

        Assert.Equal("job_region_unknown", refusal.Code);
    }

    [Fact]
    public void Revise_WhenSettingsAreForAnotherJobType_IsRefused()
    {
        var job = DraftWith();

        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            job.Revise("会議録", "仕様", TestJobs.Deadline, ConfidentialityLevel.Standard, WebEditSettings.Default, []));

        Assert.Equal("job_settings_type_mismatch", refusal.Code);
    }

    [Fact]
    public void Revise_WhenNotDraft_IsRefused()
    {
        var job = TestJobs.InState(JobStatus.Open);

        var refusal = Assert.Throws<DomainRuleException>(() =>
            job.Revise("新しい題", "仕様", TestJobs.Deadline, ConfidentialityLevel.Standard, TranscriptionSettings.Default(TranscriptionStyle.Edited), []));

        Assert.Equal("job_not_draft", refusal.Code);
        Assert.Equal("市議会定例会 会議録テープ起こし", job.Title);
    }

    [Fact]
    public void AttachInput_WhenSameFileTwice_KeepsOneCopy()
    {
        var job = DraftWith();
        var other = FileId.Of("second file"u8);

        job.AttachInput(other);
        job.AttachInput(other);

        Assert.Equal([TestJobs.InputFile, other], job.InputFiles);
    }

    [Fact]
    public void AttachInput_WhenNotDraft_IsRefused()
    {
        var job = TestJobs.InState(JobStatus.Open);

        var refusal = Assert.Throws<DomainRuleException>(() => job.AttachInput(FileId.Of("late"u8)));

        Assert.Equal("job_not_draft", refusal.Code);
    }

    [Fact]
    public void DetachInput_WhenDraft_RemovesTheFile()
    {
        var job = DraftWith();

        job.DetachInput(TestJobs.InputFile);

        Assert.Empty(job.InputFiles);
    }
}

public class JobSettingsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(0)]
    public void TranscriptionSettings_WhenSegmentLengthOutsideTwoToEightMinutes_IsRefused(int minutes)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            new TranscriptionSettings(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(5), TranscriptionStyle.Verbatim));

        Assert.Equal("transcription_segment_length_out_of_range", refusal.Code);
    }

    [Fact]
    public void TranscriptionSettings_WhenJustOutsideBounds_IsRefused()
    {
        Assert.Throws<UnprocessableInputException>(() =>
            new TranscriptionSettings(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1), TimeSpan.Zero, TranscriptionStyle.Verbatim));
        Assert.Throws<UnprocessableInputException>(() =>
            new TranscriptionSettings(TimeSpan.FromMinutes(8) + TimeSpan.FromMilliseconds(1), TimeSpan.Zero, TranscriptionStyle.Verbatim));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    public void TranscriptionSettings_WhenSegmentLengthWithinBoundsInclusive_IsAccepted(int minutes)
    {
        var settings = new TranscriptionSettings(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(5), TranscriptionStyle.Edited);

        Assert.Equal(minutes * 60_000L, settings.SegmentLengthMs);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(31)]
    public void TranscriptionSettings_WhenOverlapOutsideZeroToThirtySeconds_IsRefused(int seconds)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() =>
            new TranscriptionSettings(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(seconds), TranscriptionStyle.Verbatim));

        Assert.Equal("transcription_overlap_out_of_range", refusal.Code);
    }

    [Fact]
    public void TranscriptionSettings_Default_IsFiveMinutesWithFiveSecondsOverlap()
    {
        var settings = TranscriptionSettings.Default(TranscriptionStyle.Verbatim);

        Assert.Equal(300_000, settings.SegmentLengthMs);
        Assert.Equal(5_000, settings.OverlapMs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void DataEntrySettings_WhenBatchSizeOutsideOneToFiveHundred_IsRefused(int batchSize)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new DataEntrySettings(batchSize));

        Assert.Equal("data_entry_batch_size_out_of_range", refusal.Code);
    }

    [Fact]
    public void DataEntrySettings_Default_IsFiftyRecordsKeyedTwice()
    {
        Assert.Equal(50, DataEntrySettings.Default.BatchSize);
        Assert.Equal(2, DataEntrySettings.KeyingRounds);
    }

    [Theory]
    [InlineData("氏名", "氏名")]
    [InlineData("氏名", " ")]
    public void DataEntrySettings_WhenTemplateHasDuplicateOrBlankField_IsRefused(string first, string second)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => new DataEntrySettings(50, [first, second]));

        Assert.Equal("data_entry_field_template_invalid", refusal.Code);
    }

    [Fact]
    public void DataEntrySettings_WithEqualTemplates_AreEqual()
    {
        Assert.Equal(new DataEntrySettings(20, ["a", "b"]), new DataEntrySettings(20, ["a", "b"]));
        Assert.NotEqual(new DataEntrySettings(20, ["a", "b"]), new DataEntrySettings(20, ["b", "a"]));
    }
}
