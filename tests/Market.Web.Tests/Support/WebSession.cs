using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Market.Web.Tests.Support;

public sealed record HtmlPage(HttpResponseMessage Response, IHtmlDocument Document)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string Path => Response.RequestMessage!.RequestUri!.PathAndQuery;

    public string Language => Document.DocumentElement.GetAttribute("lang") ?? string.Empty;

    public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? string.Empty;

    public string Text => Document.Body?.TextContent ?? string.Empty;

    public IElement Single(string selector) =>
        Document.QuerySelector(selector) ?? throw new InvalidOperationException($"No element matches '{selector}' on {Path}.");
}

/// <summary>A browser-like client: keeps cookies, follows redirects, submits forms with their antiforgery fields.</summary>
public sealed class WebSession : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public WebSession(MarketWebFactory factory)
    {
        Http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
    }

    public HttpClient Http { get; }

    public async Task<HtmlPage> GetAsync(string path) => await ReadAsync(await Http.GetAsync(path));

    /// <summary>Submits the form matched by <paramref name="formSelector"/> as a browser would, with <paramref name="fields"/> typed in.</summary>
    public async Task<HtmlPage> SubmitAsync(
        HtmlPage page, string formSelector, IReadOnlyDictionary<string, string>? fields = null, (string Name, string Value)? submitter = null)
    {
        var (form, values) = FormValues(page, formSelector, fields, submitter);
        return await ReadAsync(await Http.PostAsync(ActionOf(page, form), new FormUrlEncodedContent(values)));
    }

    /// <summary>
    /// Submits a multipart form as a browser without JavaScript would: <paramref name="fields"/> replace what the page
    /// holds (a list for fields with several values) and <paramref name="files"/> go in their file inputs.
    /// </summary>
    public async Task<HtmlPage> SubmitMultipartAsync(
        HtmlPage page, string formSelector, IReadOnlyDictionary<string, string[]> fields, IReadOnlyDictionary<string, (string FileName, byte[] Content)>? files = null)
    {
        var single = fields.Where(pair => pair.Value.Length == 1).ToDictionary(pair => pair.Key, pair => pair.Value[0]);
        var (form, values) = FormValues(page, formSelector, single, null);
        values.RemoveAll(pair => fields.ContainsKey(pair.Key));
        values.AddRange(fields.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value))));
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in values)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=file][name]"))
        {
            if (files?.TryGetValue(input.Name!, out var file) == true)
            {
                content.Add(new ByteArrayContent(file.Content), input.Name!, file.FileName);
            }
            else
            {
                // What a browser sends for a file input left empty: a part with an empty file name and no bytes.
                var empty = new ByteArrayContent([]);
                empty.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                empty.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{input.Name}\"", FileName = "\"\"" };
                content.Add(empty);
            }
        }

        return await ReadAsync(await Http.PostAsync(ActionOf(page, form), content));
    }

    private static (IHtmlFormElement Form, List<KeyValuePair<string, string>> Values) FormValues(
        HtmlPage page, string formSelector, IReadOnlyDictionary<string, string>? fields, (string Name, string Value)? submitter)
    {
        var form = page.Single(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"'{formSelector}' is not a form.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]:not([type=file])"))
        {
            var checkable = input.Type is "radio" or "checkbox";
            if (fields?.ContainsKey(input.Name!) != true && (!checkable || input.IsChecked))
            {
                values.Add(new(input.Name!, input.Value));
            }
        }

        foreach (var textArea in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]"))
        {
            if (fields?.ContainsKey(textArea.Name!) != true)
            {
                values.Add(new(textArea.Name!, textArea.Value));
            }
        }

        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            if (fields?.ContainsKey(select.Name!) != true)
            {
                var chosen = select.Options.Where(o => o.IsSelected).ToList();
                if (chosen.Count == 0 && !select.IsMultiple && select.Options.FirstOrDefault() is { } first)
                {
                    chosen.Add(first);
                }

                values.AddRange(chosen.Select(o => new KeyValuePair<string, string>(select.Name!, o.Value)));
            }
        }

        if (fields is not null)
        {
            values.AddRange(fields);
        }

        if (submitter is { } button)
        {
            values.Add(new(button.Name, button.Value));
        }

        return (form, values);
    }

    private static Uri ActionOf(HtmlPage page, IHtmlFormElement form)
    {
        var action = form.GetAttribute("action") is { Length: > 0 } formAction ? formAction : page.Path;
        return new Uri(page.Response.RequestMessage!.RequestUri!, action);
    }

    public async Task<HtmlPage> SignInAsync(FakeApiUser user, string? password = null, string path = "/account/signin")
    {
        var signIn = await GetAsync(path);
        return await SubmitAsync(signIn, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = password ?? FakeApiUser.Password,
        });
    }

    public Task<HtmlPage> SwitchLanguageAsync(HtmlPage page, string culture) =>
        SubmitAsync(page, "form.language-switch", submitter: ("culture", culture));

    public void Dispose() => Http.Dispose();

    private static async Task<HtmlPage> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(response, await Parser.ParseDocumentAsync(html));
    }
}
