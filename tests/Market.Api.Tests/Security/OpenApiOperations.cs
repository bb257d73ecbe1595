using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Market.Api.Tests.Security;

/// <summary>One operation of the API's own OpenAPI document: method, path template and request body schema.</summary>
public sealed record ApiOperation(HttpMethod Method, string Path, JsonElement? JsonBodySchema, bool Multipart, bool Anonymous)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Reads every operation from <c>/openapi/v1.json</c> and builds a plausible, valid-looking body for each from its
/// schema, so the security and fuzz tests cover endpoints the day they are mapped, without a list to maintain.
/// </summary>
public sealed class OpenApiOperations
{
    private static readonly string[] AnonymousPaths = ["/api/v1/auth/"];

    private readonly JsonElement components;

    private OpenApiOperations(JsonDocument document, IReadOnlyList<ApiOperation> operations)
    {
        components = document.RootElement.GetProperty("components").GetProperty("schemas");
        Operations = operations;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static async Task<OpenApiOperations> LoadAsync(HttpClient anonymous)
    {
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var operations = new List<ApiOperation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name switch
                {
                    "get" => HttpMethod.Get,
                    "post" => HttpMethod.Post,
                    "put" => HttpMethod.Put,
                    "delete" => HttpMethod.Delete,
                    "patch" => HttpMethod.Patch,
                    _ => null,
                };
                if (method is null)
                {
                    continue;
                }

                JsonElement? schema = null;
                var multipart = false;
                if (operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        if (media.Name.Contains("json", StringComparison.Ordinal) && media.Value.TryGetProperty("schema", out var s))
                        {
                            schema = s;
                        }

                        multipart |= media.Name.StartsWith("multipart/", StringComparison.Ordinal);
                    }
                }

                operations.Add(new ApiOperation(method, path.Name, schema, multipart, AnonymousPaths.Any(p => path.Name.StartsWith(p, StringComparison.Ordinal))));
            }
        }

        return new OpenApiOperations(document, operations);
    }

    /// <summary>
    /// A body that satisfies the schema's shape: every property set (required or not), enums at their first value,
    /// dates a week ahead, numbers small and positive; properties naming a resource get the id <paramref name="idFor"/> gives.
    /// </summary>
    public JsonNode? SampleBody(ApiOperation operation, Func<string, JsonNode?> idFor)
    {
        if (operation.JsonBodySchema is not { } schema)
        {
            return null;
        }

        var body = Sample(schema, null, idFor, depth: 0);
        KeepOnlyTheSettingsOfTheType(Resolve(schema), body);
        return body;
    }

    /// <summary>
    /// A body with a "type" and one nullable settings object per type (a job's <c>transcription</c>, <c>dataEntry</c>,
    /// <c>webEdit</c>) sends only the settings of its type, as any client would.
    /// </summary>
    private void KeepOnlyTheSettingsOfTheType(JsonElement schema, JsonNode? body)
    {
        if (body is not JsonObject obj || obj["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName)
            || !schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        var settings = properties.EnumerateObject()
            .Where(p => p.Value.TryGetProperty("oneOf", out _) && Types(Resolve(p.Value)).Contains("object"))
            .Select(p => p.Name)
            .ToList();
        var chosen = JsonNamingPolicy.CamelCase.ConvertName(typeName);
        if (settings.Contains(chosen))
        {
            foreach (var other in settings.Where(s => s != chosen))
            {
                obj[other] = null;
            }
        }
    }

    /// <summary>The schema a <c>$ref</c> names, and the non-null alternative of a nullable <c>oneOf</c>/<c>anyOf</c>.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = components.GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if ((schema.TryGetProperty("oneOf", out var alternatives) || schema.TryGetProperty("anyOf", out alternatives))
                     && alternatives.EnumerateArray().FirstOrDefault(a => !(Types(a) is [] && a.TryGetProperty("type", out _))) is { ValueKind: JsonValueKind.Object } chosen)
            {
                schema = chosen;
            }
            else
            {
                return schema;
            }
        }
    }

    /// <summary>The schema's types other than "null" ("type" may be one name or a list).</summary>
    public static IReadOnlyList<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList()
        : type.GetString() is "null" ? [] : [type.GetString()!];

    private JsonNode? Sample(JsonElement schema, string? property, Func<string, JsonNode?> idFor, int depth)
    {
        if (property is not null && idFor(property) is { } id)
        {
            return id;
        }

        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).Select(v => JsonValue.Create(v.GetString())).FirstOrDefault();
        }

        var types = Types(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (types.Contains("object") || (types.Count == 0 && schema.TryGetProperty("properties", out _)))
        {
            var result = new JsonObject();
            if (depth < 4 && schema.TryGetProperty("properties", out var properties))
            {
                foreach (var p in properties.EnumerateObject())
                {
                    result[p.Name] = Sample(p.Value, p.Name, idFor, depth + 1);
                }
            }

            return result;
        }

        if (types.Contains("array"))
        {
            return new JsonArray(schema.TryGetProperty("items", out var items) ? Sample(items, property, idFor, depth + 1) : null);
        }

        if (types.Contains("integer"))
        {
            return property switch
            {
                "price" => 30_000,
                "accuracy" or "format" => 4,
                "hoursPerWeek" => 20,
                _ => 1,
            };
        }

        if (types.Contains("number"))
        {
            return 1.0;
        }

        if (types.Contains("boolean"))
        {
            return false;
        }

        return format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date-time" => DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
            "date" => DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-dd"),
            _ => property switch
            {
                "email" => "outsider@example.jp",
                "password" => "Outsider-password-42",
                "prefecture" or "regionPreference" => "高知県",
                "decision" => "Accept",
                "outcome" => "Upheld",
                _ => "理由があります",
            },
        };
    }

    public static HttpContent? Content(JsonNode? body) =>
        body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
}
