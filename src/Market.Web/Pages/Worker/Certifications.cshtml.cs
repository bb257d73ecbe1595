using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>The worker's certifications with their dates, and the exams they may take (first issue or renewal).</summary>
public sealed class CertificationsModel(CertificationsApiClient certifications, ProblemLocalizer problems) : PageModel
{
    public IReadOnlyList<MyCertification> Mine { get; private set; } = [];

    public IReadOnlyList<MyExam> Exams { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>Why the exam just asked for could not start, shown beside that exam.</summary>
    public string? StartProblem { get; private set; }

    public string? StartCode { get; private set; }

    [TempData(Key = IndexModel.NoticeKey)]
    public string? Notice { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostStartAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return RedirectToPage();
        }

        var started = await certifications.StartAsync(code, cancellationToken);
        if (started.Succeeded)
        {
            return RedirectToPage("/Worker/CertificationExam", new { attemptId = started.Value.AttemptId });
        }

        StartCode = code;
        StartProblem = problems.Explain(started.Problem);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Why an exam cannot start now, in the user's language when the UI knows the code.</summary>
    public string Explain(ExamRefusal refusal) =>
        problems.Explain(new ApiProblem(409, refusal.Code, null, refusal.Message, new Dictionary<string, string[]>(), null));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mine = await certifications.ListMineAsync(cancellationToken);
        if (!mine.Succeeded)
        {
            Problem = problems.Explain(mine.Problem);
            return;
        }

        var exams = await certifications.ListExamsAsync(cancellationToken);
        if (!exams.Succeeded)
        {
            Problem = problems.Explain(exams.Problem);
            return;
        }

        Mine = mine.Value;
        Exams = exams.Value;
    }
}
