using Market.Domain.Certifications;
using Market.Domain.Jobs;

namespace Market.Domain.Tests.Certifications;

public sealed class RequiredCertificationsTests
{
    private static IReadOnlySet<string> Codes(params string[] codes) => codes.ToHashSet();

    private static string[] Required(JobType type, ConfidentialityLevel level, TranscriptionStyle? style) =>
        RequiredCertifications.For(type, level, style).Select(r => r.ToString()).ToArray();

    [Fact]
    public void For_EveryJob_NeedsConfidentiality_PlusItsTypesCertification()
    {
        Assert.Equal(["confidentiality", "transcription_l1 or transcription_l2"], Required(JobType.Transcription, ConfidentialityLevel.Standard, TranscriptionStyle.Verbatim));
        Assert.Equal(["confidentiality", "transcription_l2"], Required(JobType.Transcription, ConfidentialityLevel.Standard, TranscriptionStyle.Edited));
        Assert.Equal(["confidentiality", "data_entry"], Required(JobType.DataEntry, ConfidentialityLevel.Confidential, null));
        Assert.Equal(["confidentiality", "data_entry", "data_entry_personal_data"], Required(JobType.DataEntry, ConfidentialityLevel.PersonalData, null));
        Assert.Equal(["confidentiality", "web_editing"], Required(JobType.WebEdit, ConfidentialityLevel.PersonalData, null));
    }

    [Fact]
    public void Missing_ForACleanVerbatimJob_IsSatisfiedByL2Alone()
    {
        var job = Support.TestJobs.Draft(TranscriptionSettings.Default(TranscriptionStyle.CleanVerbatim));

        Assert.Empty(RequiredCertifications.Missing(job, Codes("confidentiality", "transcription_l2")));
        Assert.Equal("transcription_l1 or transcription_l2", Assert.Single(RequiredCertifications.Missing(job, Codes("confidentiality", "data_entry"))).ToString());
    }

    /// <summary>The claim query filters by <see cref="CertifiedScope"/>; eligibility by <see cref="RequiredCertifications"/>: they must agree.</summary>
    [Fact]
    public void CertifiedScope_AgreesWithRequiredCertifications_ForEveryCombinationOfCodesAndJobs()
    {
        var all = CertificationCodes.Platform;
        for (var mask = 0; mask < 1 << all.Count; mask++)
        {
            var held = all.Where((_, i) => (mask & (1 << i)) != 0).ToHashSet();
            var scope = CertifiedScope.Of(held);
            foreach (var type in Enum.GetValues<JobType>())
            {
                foreach (var level in Enum.GetValues<ConfidentialityLevel>())
                {
                    TranscriptionStyle?[] styles = type == JobType.Transcription ? [.. Enum.GetValues<TranscriptionStyle>().Cast<TranscriptionStyle?>()] : [null];
                    foreach (var style in styles)
                    {
                        var eligible = RequiredCertifications.For(type, level, style).All(r => r.IsMetBy(held));
                        Assert.True(eligible == scope.Covers(type, level, style), $"{string.Join(",", held)} / {type} {level} {style}");
                    }
                }
            }
        }
    }
}
