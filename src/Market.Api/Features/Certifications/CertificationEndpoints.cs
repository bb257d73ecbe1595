using Market.Api.Identity;
using Market.Api.Infrastructure;
using Market.Domain.Certifications;
using Market.Domain.Tenancy;
using MediatR;

namespace Market.Api.Features.Certifications;

public static class CertificationEndpoints
{
    /// <summary>Everyone in an agent may hold certifications: workers, and staff such as QC reviewers.</summary>
    private static readonly string[] AgentMembers = [Roles.Worker, Roles.AgentOwner, Roles.AgentCoordinator, Roles.AgentReviewer];

    public static void Map(RouteGroupBuilder v1)
    {
        var exams = v1.MapGroup("/exams").WithTags("Certifications").RequireAuthorization(p => p.RequireRole(AgentMembers));
        exams.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListMyExams(), ct)))
            .WithName("ListMyExams")
            .WithSummary("The exams the caller may take, with their certification, renewal window and cool-down state.");
        exams.MapPost("/{code}/attempts", async (string code, IMediator mediator, CancellationToken ct) =>
            {
                var attempt = await mediator.Send(new StartExamAttempt(code), ct);
                return TypedResults.Created($"/api/v1/exams/attempts/{attempt.AttemptId}", attempt);
            })
            .WithName("StartExamAttempt")
            .WithSummary("Start an attempt: questions drawn at random (without answers) and a deadline the server enforces. Refused (409) during a cool-down, outside the renewal window, or while another attempt is open.");
        exams.MapGet("/attempts/{attemptId:guid}", async (Guid attemptId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetExamAttempt(new ExamAttemptId(attemptId)), ct)))
            .WithName("GetExamAttempt")
            .WithSummary("The caller's attempt with their answers so far, the time left, and the result once scored.");
        exams.MapPut("/attempts/{attemptId:guid}/answers/{questionId:guid}", async (Guid attemptId, Guid questionId, AnswerBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AnswerExamQuestion(new ExamAttemptId(attemptId), questionId, body.Option), ct)))
            .WithName("AnswerExamQuestion")
            .WithSummary("Record (or change) the answer to one drawn question; refused after the deadline (409 exam_time_over).");
        exams.MapPost("/attempts/{attemptId:guid}/submit", async (Guid attemptId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SubmitExamAttempt(new ExamAttemptId(attemptId)), ct)))
            .WithName("SubmitExamAttempt")
            .WithSummary("Score the attempt on the server and issue, renew or refuse the certification. After the deadline it is scored as submitted at the deadline.");

        v1.MapGet("/me/certifications", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyCertifications(), ct)))
            .WithTags("Me")
            .RequireAuthorization(p => p.RequireRole(AgentMembers))
            .WithName("GetMyCertifications")
            .WithSummary("The caller's certifications: state, valid until, renewal window, grace.");

        var agent = v1.MapGroup("/agents/{agentId:guid}").WithTags("Certifications").AddEndpointFilter(new TenantRouteFilter("agentId"));
        agent.MapGet("/certifications", async (Guid agentId, int? lapsingWithinDays, bool? lapsingOnly, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAgentCertifications(agentId, lapsingWithinDays ?? 30, lapsingOnly ?? false), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("GetAgentCertifications")
            .WithSummary("Everyone's certifications in the agent, those lapsing soon first (renewal due, in grace, or ending within lapsingWithinDays).");
        agent.MapPost("/workers/{userId:guid}/certifications/{code}/revoke", async (Guid agentId, Guid userId, string code, RevokeBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RevokeCertification(agentId, userId, code, body.Reason), ct)))
            .RequireAuthorization(Policies.AgentOwner)
            .WithName("RevokeCertification")
            .WithSummary("Revoke a certification for cause, with a reason: no new units needing it from now; units in hand may be finished.");
        agent.MapPost("/workers/{userId:guid}/certifications/{code}/practical", async (Guid agentId, Guid userId, string code, PracticalBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RecordPracticalResult(agentId, userId, code, body.CellsCompared, body.CellsCorrect), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("RecordPracticalResult")
            .WithSummary("Record a worker's practical on gold units; a worker who passed the exam and met the minimum accuracy is certified at once.");

        agent.MapGet("/certification-types", async (Guid agentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCertificationTypes(agentId), ct)))
            .RequireAuthorization(Policies.AgentStaff)
            .WithName("ListCertificationTypes")
            .WithSummary("The platform's certification types and the agent's own.");
        agent.MapPost("/certification-types", async (Guid agentId, DefineCertificationTypeBody b, IMediator mediator, CancellationToken ct) =>
            {
                var type = await mediator.Send(
                    new DefineCertificationType(
                        agentId, b.Code, b.NameJa, b.NameEn, b.DescriptionJa, b.DescriptionEn, b.QuestionsPerAttempt, b.PassMarkPercent, b.TimeLimitMinutes,
                        b.AttemptsBeforeCooldown, b.CooldownHours, b.ValidityMonths, b.RenewalWindowDays, b.GraceDays, b.PracticalMinAccuracyBasisPoints, b.PracticalMinCells),
                    ct);
                return TypedResults.Created($"/api/v1/agents/{agentId}/certification-types/{type.Code}/questions", type);
            })
            .RequireAuthorization(Policies.AgentManager)
            .WithName("DefineCertificationType")
            .WithSummary("Define a certification type of the agent's own, visible only to the agent's people.");
        agent.MapGet("/certification-types/{code}/questions", async (Guid agentId, string code, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListBankQuestions(agentId, code), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("ListBankQuestions")
            .WithSummary("The question bank of one of the agent's own types, answers included (platform banks are not shown).");
        agent.MapPost("/certification-types/{code}/questions", async (Guid agentId, string code, AddBankQuestionBody b, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AddBankQuestion(agentId, code, b.PromptJa, b.PromptEn, b.Options, b.CorrectOption), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("AddBankQuestion");
        agent.MapPost("/certification-types/{code}/questions/{questionId:guid}/retire", async (Guid agentId, string code, Guid questionId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new RetireBankQuestion(agentId, code, questionId), ct)))
            .RequireAuthorization(Policies.AgentManager)
            .WithName("RetireBankQuestion");
    }
}
