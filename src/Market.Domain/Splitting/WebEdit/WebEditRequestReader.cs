using System.Text.Json;
using Market.Domain.Common;
using Market.Domain.Splitting.Csv;

namespace Market.Domain.Splitting.WebEdit;

/// <summary>
/// Reads a list of page change requests, either a JSON array of
/// <c>{"url", "currentContent", "requestedChange"}</c> objects or a CSV with those three columns.
/// Every entry is validated before anything is returned.
/// </summary>
public static class WebEditRequestReader
{
    public const string UrlField = "url";
    public const string CurrentContentField = "currentContent";
    public const string RequestedChangeField = "requestedChange";

    public static IReadOnlyList<WebEditRequest> Read(ReadOnlySpan<byte> content)
    {
        var text = TextDecoder.Decode(content).Text;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty)
        {
            throw Empty();
        }

        var requests = trimmed[0] == '[' ? FromJson(text) : FromCsv(content);
        if (requests.Count == 0)
        {
            throw Empty();
        }

        Validate(requests);
        return requests;
    }

    private static List<WebEditRequest> FromJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UnprocessableInputException("webedit_malformed", $"The JSON is not valid: {e.Message}");
        }

        using (document)
        {
            var requests = new List<WebEditRequest>();
            var position = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                position++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new UnprocessableInputException("webedit_malformed", $"Entry {position} is not an object.");
                }

                requests.Add(new WebEditRequest(
                    StringProperty(element, UrlField, position),
                    StringProperty(element, CurrentContentField, position),
                    StringProperty(element, RequestedChangeField, position)));
            }

            return requests;
        }
    }

    private static string StringProperty(JsonElement entry, string name, int position)
    {
        foreach (var property in entry.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : throw new UnprocessableInputException("webedit_malformed", $"Entry {position}: '{name}' must be a string.");
            }
        }

        throw new UnprocessableInputException("webedit_field_missing", $"Entry {position} has no '{name}'.");
    }

    private static List<WebEditRequest> FromCsv(ReadOnlySpan<byte> content)
    {
        var table = CsvReader.Read(content);
        int Column(string name)
        {
            var index = table.Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0
                ? index
                : throw new UnprocessableInputException("webedit_field_missing", $"The CSV has no '{name}' column.");
        }

        var url = Column(UrlField);
        var current = Column(CurrentContentField);
        var change = Column(RequestedChangeField);
        return table.Records.Select(r => new WebEditRequest(r[url], r[current], r[change])).ToList();
    }

    private static void Validate(List<WebEditRequest> requests)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var position = i + 1;
            var request = requests[i];
            if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                throw new UnprocessableInputException("webedit_url_invalid", $"Entry {position}: '{request.Url}' is not an absolute http(s) URL.");
            }

            if (string.IsNullOrWhiteSpace(request.RequestedChange))
            {
                throw new UnprocessableInputException("webedit_field_missing", $"Entry {position} does not say what should change.");
            }

            if (!seen.Add(uri.AbsoluteUri))
            {
                throw new UnprocessableInputException("webedit_url_duplicate", $"Entry {position}: {uri.AbsoluteUri} is listed twice; put both changes in one entry.");
            }

            requests[i] = request with { Url = uri.AbsoluteUri };
        }
    }

    private static UnprocessableInputException Empty() => new("webedit_empty", "The list of page changes is empty.");
}
