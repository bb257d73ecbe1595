using System.Net.Http.Json;

namespace Market.Web.Api;

/// <summary>The worker's certifications and exams (<c>/me/certifications</c>, <c>/exams/…</c>). Scores are computed by the API only.</summary>
public sealed class CertificationsApiClient(HttpClient http)
{
    public Task<ApiResult<List<MyCertification>>> ListMineAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<MyCertification>>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/me/certifications"), cancellationToken);

    public Task<ApiResult<List<MyExam>>> ListExamsAsync(CancellationToken cancellationToken) =>
        ApiCall.SendAsync<List<MyExam>>(http, new HttpRequestMessage(HttpMethod.Get, "api/v1/exams"), cancellationToken);

    public Task<ApiResult<ExamAttempt>> StartAsync(string code, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ExamAttempt>(http, new HttpRequestMessage(HttpMethod.Post, $"api/v1/exams/{Uri.EscapeDataString(code)}/attempts"), cancellationToken);

    public Task<ApiResult<ExamAttempt>> GetAttemptAsync(Guid attemptId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ExamAttempt>(http, new HttpRequestMessage(HttpMethod.Get, $"api/v1/exams/attempts/{attemptId:D}"), cancellationToken);

    public Task<ApiResult<ExamAttempt>> AnswerAsync(Guid attemptId, Guid questionId, int option, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ExamAttempt>(
            http,
            new HttpRequestMessage(HttpMethod.Put, $"api/v1/exams/attempts/{attemptId:D}/answers/{questionId:D}")
            {
                Content = JsonContent.Create(new ExamAnswerBody(option), options: ApiJson.Options),
            },
            cancellationToken);

    public Task<ApiResult<ExamAttempt>> SubmitAsync(Guid attemptId, CancellationToken cancellationToken) =>
        ApiCall.SendAsync<ExamAttempt>(http, new HttpRequestMessage(HttpMethod.Post, $"api/v1/exams/attempts/{attemptId:D}/submit"), cancellationToken);
}
