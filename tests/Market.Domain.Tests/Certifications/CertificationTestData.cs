using Market.Domain.Certifications;

namespace Market.Domain.Tests.Certifications;

internal static class CertificationTestData
{
    public static readonly DateTimeOffset Now = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    public static readonly Guid AgentId = Guid.Parse("0b7f9c2e-2222-4a6a-9a55-6f1d2c3b4a02");
    public static readonly Guid WorkerId = Guid.Parse("0b7f9c2e-3333-4a6a-9a55-6f1d2c3b4a03");

    /// <summary>12 months, renewal opens 30 days before the end, 14 days' grace: the platform's terms.</summary>
    public static readonly CertificationTerms Terms = new(12, 30, 14);

    public static CertificationType Type(
        int questions = 3, int passMark = 80, int minutes = 20, int attempts = 3, int cooldownHours = 72, PracticalTest? practical = null) =>
        CertificationType.DefineForAgent(
            new CertificationTypeId(Guid.Parse("0b7f9c2e-4444-4a6a-9a55-6f1d2c3b4a04")),
            AgentId,
            "kochi_dialect",
            "土佐弁 聞き取り",
            "Tosa dialect listening",
            null,
            null,
            new ExamRules(questions, passMark, TimeSpan.FromMinutes(minutes), attempts, TimeSpan.FromHours(cooldownHours)),
            Terms,
            practical,
            Now);

    public static IReadOnlyList<Guid> Bank(int size) =>
        Enumerable.Range(1, size).Select(i => new Guid($"00000000-0000-7000-8000-{i:000000000000}")).ToList();

    /// <summary>Every question's correct option is 1.</summary>
    public static Dictionary<Guid, int> KeyFor(ExamAttempt attempt) => attempt.Items.ToDictionary(i => i.QuestionId, _ => 1);

    /// <summary>An attempt answered with <paramref name="correct"/> right answers and submitted at <paramref name="at"/> + 1 minute.</summary>
    public static ExamAttempt Finished(CertificationType type, int correct, DateTimeOffset at, WorkerCertification? held = null, IReadOnlyList<ExamAttempt>? earlier = null)
    {
        var attempt = ExamAttempt.Start(ExamAttemptId.New(), WorkerId, AgentId, type, held, earlier ?? [], Bank(10), new Random(7), at);
        foreach (var item in attempt.Items.ToList())
        {
            attempt.Answer(item.QuestionId, item.Position <= correct ? 1 : 0, 4, at.AddSeconds(30));
        }

        attempt.Submit(KeyFor(attempt), at.AddMinutes(1));
        return attempt;
    }
}
