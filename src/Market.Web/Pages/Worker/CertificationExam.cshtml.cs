using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Worker;

/// <summary>
/// One exam attempt: the drawn questions, a timer started from the server's time left, save and submit. The API keeps
/// the deadline and scores; an answer sent after the deadline is refused there, and a late submit is scored as at the deadline.
/// </summary>
public sealed class CertificationExamModel(CertificationsApiClient certifications, ProblemLocalizer problems) : PageModel
{
    public const string TimeOverCode = "exam_time_over";

    public ExamAttempt? Attempt { get; private set; }

    /// <summary>The exam's name (from the exam list); the code when the list is unavailable.</summary>
    public string ExamName { get; private set; } = string.Empty;

    public string? Problem { get; private set; }

    /// <summary>Chosen option by question; what the form posts.</summary>
    [BindProperty]
    public Dictionary<Guid, int> Answers { get; set; } = [];

    [TempData(Key = IndexModel.NoticeKey)]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var attempt = await certifications.GetAttemptAsync(attemptId, cancellationToken);
        if (!attempt.Succeeded)
        {
            Problem = problems.Explain(attempt.Problem);
            Response.StatusCode = attempt.Problem.Status == 404 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            return Page();
        }

        await ShowAsync(attempt.Value, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var saved = await SaveAnswersAsync(attemptId, cancellationToken);
        if (saved.Problem is { } problem)
        {
            return await RefusedAsync(attemptId, problem, cancellationToken);
        }

        Notice = "Worker_Notice_ExamSaved";
        return RedirectToPage(new { attemptId });
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var saved = await SaveAnswersAsync(attemptId, cancellationToken);
        // After the deadline the API keeps the answers saved in time and scores the attempt as submitted then.
        if (saved.Problem is { } problem && problem.Code != TimeOverCode)
        {
            return await RefusedAsync(attemptId, problem, cancellationToken);
        }

        var submitted = await certifications.SubmitAsync(attemptId, cancellationToken);
        if (!submitted.Succeeded)
        {
            return await RefusedAsync(attemptId, submitted.Problem, cancellationToken);
        }

        Notice = saved.Problem is null ? "Worker_Notice_ExamSubmitted" : "Worker_Notice_ExamSubmittedLate";
        return RedirectToPage(new { attemptId });
    }

    /// <summary>
    /// Saves one answer as soon as it is chosen (the screen's script calls this), so answers given before the deadline
    /// count even if the worker never presses a button. Answers JSON; the refusal is explained in the user's language.
    /// </summary>
    public async Task<IActionResult> OnPostAnswerAsync(Guid attemptId, Guid questionId, int option, CancellationToken cancellationToken)
    {
        var answered = await certifications.AnswerAsync(attemptId, questionId, option, cancellationToken);
        return answered.Succeeded
            ? new JsonResult(new { saved = true })
            : new JsonResult(new { saved = false, code = answered.Problem.Code, message = problems.Explain(answered.Problem) })
            {
                StatusCode = answered.Problem.Status is >= 400 and < 500 ? answered.Problem.Status : StatusCodes.Status502BadGateway,
            };
    }

    public static string Name(ExamAttempt attempt, IReadOnlyList<MyExam> exams) =>
        exams.FirstOrDefault(e => e.Code == attempt.Code) is { } exam ? Market.Web.Worker.CertificationText.Name(exam) : attempt.Code;

    /// <summary>Sends the answers that differ from what the API holds, in question order; stops at the first refusal.</summary>
    private async Task<(ApiProblem? Problem, bool Any)> SaveAnswersAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var current = await certifications.GetAttemptAsync(attemptId, cancellationToken);
        if (!current.Succeeded)
        {
            return (current.Problem, false);
        }

        var any = false;
        foreach (var question in current.Value.Questions.OrderBy(q => q.Position))
        {
            if (!Answers.TryGetValue(question.QuestionId, out var option) || option == question.ChosenOption)
            {
                continue;
            }

            var answered = await certifications.AnswerAsync(attemptId, question.QuestionId, option, cancellationToken);
            if (!answered.Succeeded)
            {
                return (answered.Problem, any);
            }

            any = true;
        }

        return (null, any);
    }

    private async Task<IActionResult> RefusedAsync(Guid attemptId, ApiProblem problem, CancellationToken cancellationToken)
    {
        Problem = problems.Explain(problem);
        var attempt = await certifications.GetAttemptAsync(attemptId, cancellationToken);
        if (attempt.Succeeded)
        {
            await ShowAsync(attempt.Value, cancellationToken, keepPosted: true);
        }

        return Page();
    }

    private async Task ShowAsync(ExamAttempt attempt, CancellationToken cancellationToken, bool keepPosted = false)
    {
        Attempt = attempt;
        var exams = await certifications.ListExamsAsync(cancellationToken);
        ExamName = Name(attempt, exams.Succeeded ? exams.Value : []);
        if (!keepPosted)
        {
            Answers = attempt.Questions.Where(q => q.ChosenOption is not null).ToDictionary(q => q.QuestionId, q => q.ChosenOption!.Value);
        }
        else
        {
            // What the worker chose stays on the page even when the API refused to keep it.
            foreach (var question in attempt.Questions.Where(q => q.ChosenOption is not null && !Answers.ContainsKey(q.QuestionId)))
            {
                Answers[question.QuestionId] = question.ChosenOption!.Value;
            }
        }
    }
}
