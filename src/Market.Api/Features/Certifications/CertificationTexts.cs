using System.Globalization;
using Market.Api.Features.Notifications;
using Market.Domain.Certifications;

namespace Market.Api.Features.Certifications;

/// <summary>What workers and coordinators are told about certifications, in both languages; dates in Japan time.</summary>
internal static class CertificationTexts
{
    public const string MyCertificationsLink = "/api/v1/me/certifications";
    public const string ExamsLink = "/api/v1/exams";

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public static string Percent(int? basisPoints) => ((basisPoints ?? 0) / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.ToOffset(Japan).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " JST";

    public static (LocalizedText Title, LocalizedText Body) Reminder(CertificationReminder reminder, WorkerCertification certification, CertificationType? type)
    {
        var ja = type?.NameJa ?? certification.Code;
        var en = type?.NameEn ?? certification.Code;
        var until = Date(certification.ValidUntil);
        var graceEnds = Date(certification.GraceEndsAt);
        return reminder.Kind switch
        {
            ReminderKind.BeforeExpiry => (
                new LocalizedText($"「{ja}」の有効期限まであと{reminder.DaysBefore}日です", $"{en}: {reminder.DaysBefore} day(s) left"),
                new LocalizedText(
                    $"資格「{ja}」の有効期限は {until} です。更新試験を受けてください（更新の猶予期間は {graceEnds} まで）。",
                    $"Your {en} certification is valid until {until}. Take the renewal exam (renewal stays open until {graceEnds}).")),
            ReminderKind.InGrace => (
                new LocalizedText($"「{ja}」の有効期限が過ぎました（猶予期間中）", $"{en} has lapsed (grace period)"),
                new LocalizedText(
                    $"資格「{ja}」の有効期限が過ぎました。{graceEnds} までに更新しないと失効し、新しいユニットを受けられなくなります。",
                    $"Your {en} certification has passed its end date. Renew it before {graceEnds} or it expires and you can take no new units that need it.")),
            _ => (
                new LocalizedText($"「{ja}」が失効しました", $"{en} has expired"),
                new LocalizedText(
                    $"資格「{ja}」は猶予期間が終わり失効しました。この資格が必要な新しいユニットは受けられません（作業中のユニットは提出できます）。再度、試験を受けてください。",
                    $"Your {en} certification has expired. You cannot take new units that need it (units in hand may still be submitted). Take the exam again to be certified anew.")),
        };
    }

    public static (LocalizedText Title, LocalizedText Body) ExamResult(ExamAttempt attempt, CertificationType type, IssuanceResult result)
    {
        var score = $"{attempt.ScorePercent}% ({attempt.CorrectCount}/{attempt.Items.Count})";
        return result.Outcome switch
        {
            IssuanceOutcome.Issued => (
                new LocalizedText($"「{type.NameJa}」に合格し、認定されました", $"You passed {type.NameEn} and are certified"),
                new LocalizedText($"得点 {score}。有効期限は {Date(result.Certification!.ValidUntil)} です。", $"Score {score}. Valid until {Date(result.Certification!.ValidUntil)}.")),
            IssuanceOutcome.Renewed => (
                new LocalizedText($"「{type.NameJa}」を更新しました", $"{type.NameEn} renewed"),
                new LocalizedText($"得点 {score}。新しい有効期限は {Date(result.Certification!.ValidUntil)} です。", $"Score {score}. Now valid until {Date(result.Certification!.ValidUntil)}.")),
            IssuanceOutcome.AwaitingPractical => (
                new LocalizedText($"「{type.NameJa}」の試験に合格しました（実技待ち）", $"You passed the {type.NameEn} exam (practical pending)"),
                new LocalizedText(
                    $"得点 {score}。認定には実技（ゴールドでの正確さ {Percent(type.PracticalMinAccuracyBasisPoints)}% 以上、{type.PracticalMinCells} 件以上）が必要です。エージェントにご相談ください。",
                    $"Score {score}. Certification also needs the practical: at least {Percent(type.PracticalMinAccuracyBasisPoints)} % accuracy over at least {type.PracticalMinCells} gold items. Ask your agent.")),
            _ => (
                new LocalizedText($"「{type.NameJa}」の試験は不合格でした", $"You did not pass {type.NameEn}"),
                new LocalizedText($"得点 {score}（合格点 {attempt.PassMarkPercent}%）。", $"Score {score} (pass mark {attempt.PassMarkPercent} %).")),
        };
    }

    public static (LocalizedText Title, LocalizedText Body) Revoked(CertificationType? type, string code, string reason) => (
        new LocalizedText($"「{type?.NameJa ?? code}」が取り消されました", $"{type?.NameEn ?? code} was revoked"),
        new LocalizedText($"エージェントにより資格が取り消されました。理由: {reason}", $"Your agent revoked this certification. Reason: {reason}"));
}
