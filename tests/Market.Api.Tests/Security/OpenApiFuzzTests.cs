using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Market.Api.Tests.Infrastructure;

namespace Market.Api.Tests.Security;

/// <summary>
/// Every writing endpoint in the OpenAPI document, called by tenant A's own people with malformed and hostile bodies
/// derived from its schema (missing, null and wrongly typed fields, huge strings and numbers, unknown fields, broken
/// JSON, deep nesting): never a 500, never a hang, and a refused request changes nothing in the database. Seeded:
/// FUZZ_SEED replays a run; the failure message names the seed and each failing case.
/// </summary>
public sealed class OpenApiFuzzTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int CasesPerCall = 6;

    [Fact]
    public async Task EveryWritingEndpoint_FedMalformedBodiesByItsOwnTenant_NeverAnswers500_NeverHangs_AndRefusalsChangeNothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20261121;
        var random = new Random(seed);
        var world = await TenantWorld.CreateAsync(Factory);
        var api = await OpenApiOperations.LoadAsync(Factory.CreateClient());
        var insiders = new Dictionary<string, HttpClient>
        {
            ["owner A"] = world.OwnerA,
            ["coordinator A"] = world.A.Coordinator,
            ["worker A2"] = world.WorkerA2,
            ["client A"] = world.A.Client,
        };
        var digest = await DatabaseDigest.TakeAsync(Factory.ConnectionString);
        var failures = new List<string>();
        var calls = 0;
        foreach (var operation in api.Operations.Where(o => o.Method != HttpMethod.Get && o.JsonBodySchema is not null))
        {
            var url = world.FillPath(operation.Path);
            foreach (var (who, client) in insiders)
            {
                for (var i = 0; i < CasesPerCall; i++)
                {
                    var valid = api.SampleBody(operation, world.IdFor);
                    var (what, body) = Mutate(valid, random);
                    using var request = new HttpRequestMessage(operation.Method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    HttpResponseMessage response;
                    try
                    {
                        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                        response = await client.SendAsync(request, hang.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        failures.Add($"{who} {operation.Method} {url} [{what}] did not answer within 30 s");
                        continue;
                    }

                    calls++;
                    var after = await DatabaseDigest.TakeAsync(Factory.ConnectionString);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{who} {operation.Method} {url} [{what}] → {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                    }
                    else if ((int)response.StatusCode >= 400 && DatabaseDigest.Changed(digest, after) is { Count: > 0 } changed)
                    {
                        failures.Add($"{who} {operation.Method} {url} [{what}] → {(int)response.StatusCode} but changed {string.Join(", ", changed)}");
                    }

                    digest = after;
                    response.Dispose();
                }
            }
        }

        Assert.True(calls > 200, $"only {calls} fuzzed calls were made");
        Assert.True(failures.Count == 0, $"FUZZ_SEED={seed}{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static (string What, string Body) Mutate(JsonNode? valid, Random random)
    {
        var obj = valid as JsonObject;
        var keys = obj?.Select(p => p.Key).ToList() ?? [];
        switch (random.Next(12))
        {
            case 0 when keys.Count > 0:
                var dropped = Pick(keys, random);
                obj!.Remove(dropped);
                return ($"without {dropped}", obj.ToJsonString());
            case 1 when keys.Count > 0:
                var nulled = Pick(keys, random);
                obj![nulled] = null;
                return ($"{nulled}=null", obj.ToJsonString());
            case 2 when keys.Count > 0:
                var retyped = Pick(keys, random);
                obj![retyped] = obj[retyped] is JsonValue v && v.TryGetValue<string>(out _) ? JsonValue.Create(random.Next()) : JsonValue.Create("not-the-right-type");
                return ($"{retyped} wrongly typed", obj.ToJsonString());
            case 3 when keys.Count > 0:
                var huge = Pick(keys, random);
                obj![huge] = new string('長', 200_000);
                return ($"{huge} huge string", obj.ToJsonString());
            case 4 when keys.Count > 0:
                var number = Pick(keys, random);
                obj![number] = JsonValue.Create(random.Next(2) == 0 ? long.MinValue : 1e308);
                return ($"{number} extreme number", obj.ToJsonString());
            case 5 when keys.Count > 0:
                var container = Pick(keys, random);
                obj![container] = random.Next(2) == 0 ? new JsonArray(1, "x", null) : new JsonObject { ["nested"] = new JsonObject() };
                return ($"{container} as array/object", obj.ToJsonString());
            case 6:
                obj ??= new JsonObject();
                obj["isAdmin"] = true;
                obj["tenantId"] = Guid.NewGuid().ToString();
                return ("unknown fields", obj.ToJsonString());
            case 7:
                var text = valid?.ToJsonString() ?? "{}";
                return ("truncated JSON", text[..random.Next(text.Length)]);
            case 8:
                return ("deep nesting", new string('[', 5_000) + new string(']', 5_000));
            case 9:
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                return ("random bytes", Encoding.Latin1.GetString(bytes));
            case 10 when keys.Count > 0:
                var uuid = Pick(keys, random);
                obj![uuid] = "00000000-0000-0000-0000-00000000000Z";
                return ($"{uuid} broken id", obj.ToJsonString());
            default:
                return ("empty", random.Next(2) == 0 ? string.Empty : "null");
        }
    }

    private static string Pick(List<string> keys, Random random) => keys[random.Next(keys.Count)];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;
}
