using Market.Api.Persistence;
using Market.Domain.Certifications;
using Market.Web.Tests.Support;
using Market.Web.Tests.Support.EndToEnd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Market.Web.Tests.EndToEnd;

/// <summary>
/// The exam screen in Chromium over the real Web, API and PostgreSQL: the timer counts down, each answer is saved as
/// it is chosen (so it survives a reload), and submitting scores on the server and issues the certification.
/// </summary>
public sealed class CertificationExamTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private static readonly string Worker = ApiActor.WorkerEmail(1);

    protected override bool StartsFromEmptyData => true;

    [Fact]
    public async Task Exam_FromTheHome_AnswersSavedAsChosen_SurviveAReload_AndSubmittingIssuesTheCertification()
    {
        // The demo worker holds every work certification; without web editing they take its exam.
        await using (var scope = Fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
            var userId = await db.Users.Where(u => u.Email == Worker).Select(u => u.Id).SingleAsync();
            await db.WorkerCertifications.IgnoreQueryFilters().Where(c => c.UserId == userId && c.Code == CertificationCodes.WebEditing).ExecuteDeleteAsync();
        }

        var page = await NewPageAsync();
        await SignInAsync(page, Worker, "/worker");
        await page.GetByRole(AriaRole.Link, new() { Name = "資格と試験を開く" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/certifications");
        Assert.Equal("有効", (await page.Locator("#held-confidentiality .tag").InnerTextAsync()).Trim());
        await page.Locator("#exam-web_editing").GetByRole(AriaRole.Button, new() { Name = "受験する" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/certifications/exams/*-*-*-*-*");

        var clock = page.Locator(".exam-timer__clock");
        var first = await clock.InnerTextAsync();
        await page.WaitForFunctionAsync("c => document.querySelector('.exam-timer__clock').textContent !== c", first, new() { Timeout = 10_000 });
        var later = await clock.InnerTextAsync();
        Assert.Matches("^[0-9]{2}:[0-5][0-9]$", later);
        Assert.True(string.CompareOrdinal(later, first) < 0, $"the timer went from {first} to {later}");

        var key = await AnswerKeyAsync(page);
        var questions = key.Keys.ToList();
        foreach (var (question, correct) in key)
        {
            await page.Locator($"#a-{question:N}-{correct}").CheckAsync();
            await page.Locator("#exam-autosave", new() { HasText = "解答を保存しました。" }).WaitForAsync();
            await page.EvaluateAsync("() => { document.getElementById('exam-autosave').textContent = ''; }");
        }

        Assert.StartsWith("問1.", (await page.Locator("fieldset.exam-question legend").First.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Chromium.ScreenshotAsync(page, "worker-exam-1280x800");
        await page.ReloadAsync();
        foreach (var (question, correct) in key)
        {
            Assert.True(await page.Locator($"#a-{question:N}-{correct}").IsCheckedAsync(), $"the answer to {question} was not kept");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "提出して採点する" }).ClickAsync();
        await page.Locator("#exam-result").WaitForAsync();
        Assert.Equal("合格", (await page.Locator("#exam-result h2").InnerTextAsync()).Trim());
        Assert.Equal("資格が発行されました。", (await page.Locator("#exam-outcome").InnerTextAsync()).Trim());
        Assert.Contains($"{questions.Count} / {questions.Count} 問", await page.Locator("#exam-result").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "worker-exam-result-1280x800");

        await page.GetByRole(AriaRole.Link, new() { Name = "資格一覧へ" }).ClickAsync();
        await WaitForPageAsync(page, "**/worker/certifications");
        Assert.Equal("有効", (await page.Locator("#held-web_editing .tag").InnerTextAsync()).Trim());
        await Chromium.ScreenshotAsync(page, "worker-certifications-1280x800");
        AssertNoConsoleErrors();
    }

    /// <summary>The bank's correct option for each question on the screen, read from the database (the page never has it).</summary>
    private async Task<Dictionary<Guid, int>> AnswerKeyAsync(IPage page)
    {
        var ids = new List<Guid>();
        foreach (var fieldset in await page.Locator("fieldset.exam-question").AllAsync())
        {
            ids.Add(Guid.Parse((await fieldset.GetAttributeAsync("id"))!["q-".Length..]));
        }

        await using var scope = Fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketDbContext>();
        var key = await db.ExamQuestions.IgnoreQueryFilters().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.CorrectOption);
        return ids.ToDictionary(id => id, id => key[id]);
    }
}
