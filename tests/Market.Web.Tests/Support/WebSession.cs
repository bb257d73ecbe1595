using System.Net;
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
        var form = page.Single(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"'{formSelector}' is not a form.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (fields?.ContainsKey(input.Name!) != true)
            {
                values.Add(new(input.Name!, input.Value));
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

        var action = form.GetAttribute("action") is { Length: > 0 } formAction ? formAction : page.Path;
        var target = new Uri(page.Response.RequestMessage!.RequestUri!, action);
        return await ReadAsync(await Http.PostAsync(target, new FormUrlEncodedContent(values)));
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
