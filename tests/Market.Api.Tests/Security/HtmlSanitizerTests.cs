using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FsCheck;
using FsCheck.Fluent;
using Market.Api.Security;
using Market.Api.Tests.Infrastructure;
using Market.Api.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Market.Api.Tests.Security;

/// <summary>Web-edit HTML is sanitised by an allow-list: nothing that runs survives, ordinary page content does.</summary>
public sealed class HtmlSanitizerTests
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto", "tel"];

    public static TheoryData<string> Attacks =>
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" &#14;javascript:alert(1)\">x</a>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=x>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<form action=\"https://evil.example\"><button>送信</button></form>",
        "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<img src=\"vbscript:msgbox(1)\">",
        "<p onclick=\"alert(1)\" onmouseover=alert(2)>x</p>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        "<details open ontoggle=alert(1)>",
        "<a href=\"//evil.example\" target=\"_blank\">x</a>",
        "<table><caption><style>*{display:none}</style></caption></table>",
        "<select><option><img src=x onerror=alert(1)></option></select>",
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Sanitize_RemovesEverythingThatCanRun(string attack) => AssertHarmless(HtmlSanitizer.Sanitize(attack));

    [Fact]
    public void Sanitize_KeepsOrdinaryPageContent()
    {
        const string page = "<h2>営業時間</h2><p>平日 9時〜18時。<strong>土日は休み</strong>です。</p>"
            + "<ul><li><a href=\"/access\">アクセス</a></li><li><a href=\"https://town.example.jp/map\">地図</a></li></ul>"
            + "<table><tbody><tr><th scope=\"row\">電話</th><td><a href=\"tel:0880-22-1234\">0880-22-1234</a></td></tr></tbody></table>"
            + "<img src=\"/images/office.jpg\" alt=\"役場の外観\">";

        var clean = HtmlSanitizer.Sanitize(page);

        Assert.Contains("<h2>営業時間</h2>", clean);
        Assert.Contains("<strong>土日は休み</strong>", clean);
        Assert.Contains("href=\"/access\"", clean);
        Assert.Contains("href=\"tel:0880-22-1234\"", clean);
        Assert.Contains("<img src=\"/images/office.jpg\" alt=\"役場の外観\">", clean);
        Assert.Contains("<th scope=\"row\">電話</th>", clean);
    }

    [Fact]
    public void Sanitize_OnGeneratedMarkup_NeverLeavesSomethingThatRuns_AndIsIdempotent()
    {
        var fragments = Gen.Elements(
            "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">", "</a>", "<svg>", "</svg>", "<math>",
            "<style>", "</style>", "<p>", "</p>", "<!--", "-->", "<![CDATA[", "]]>", "\"", "'", ">", "<", "&#x6A;avascript:", "<iframe>",
            "<div style=\"x\">", "</div>", "<table>", "<td>", "<noscript>", "</noscript>", "<template>", "text", "<b>", "</b>", " onload=x ",
            "<a href='", "data:text/html,", "<img src='", "<base href=x>", "<select>", "<textarea>", "</textarea>", "<title>");
        var html = fragments.ArrayOf().Select(parts => string.Concat(parts));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(20261121UL, 7UL),
            Prop.ForAll(html.ToArbitrary(), input =>
            {
                var clean = HtmlSanitizer.Sanitize(input);
                AssertHarmless(clean);
                Assert.Equal(clean, HtmlSanitizer.Sanitize(clean));
            }));
    }

    private static void AssertHarmless(string html)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        foreach (var node in parser.ParseFragment(html, document.Body!).ToList())
        {
            document.Body!.AppendChild(node);
        }

        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, new[] { "script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "template", "noscript" });
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.LocalName} kept: {html}");
                Assert.NotEqual("style", attribute.LocalName);
                if (attribute.LocalName is "href" or "src" or "cite" or "action" or "formaction")
                {
                    var url = new string(attribute.Value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
                    var colon = url.IndexOf(':', StringComparison.Ordinal);
                    var firstPathChar = url.IndexOfAny(['/', '?', '#']);
                    Assert.True(colon < 0 || (firstPathChar >= 0 && firstPathChar < colon) || AllowedSchemes.Contains(url[..colon].ToLowerInvariant()), $"unsafe URL kept: {attribute.Value}");
                }
            }
        }

        Assert.DoesNotContain(document.Body!.Descendants<IComment>(), _ => true);
    }
}

/// <summary>The sanitiser is applied where web-edit work enters the system: the draft and the submission.</summary>
public sealed class WebEditSubmissionSanitisingTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task AWebEditDraftAndSubmission_AreStoredSanitised()
    {
        var world = await WorkWorld.CreateAsync(Factory, workers: 1, postJob: async client =>
        {
            var requests = JsonSerializer.Serialize(new[] { new { url = "https://town.example.jp/info", currentContent = "<p>9:00-17:00</p>", requestedChange = "18:00 に" } });
            var fileId = await client.UploadAsync(Encoding.UTF8.GetBytes(requests), "pages.json");
            return (await client.PostJobAsync(JobApi.WebEdit(fileId))).GetProperty("id").GetString()!;
        });
        var worker = await world.WorkerClientAsync(1);
        var claim = await (await worker.PostAsync("/api/v1/me/units/claim", null)).JsonAsync();
        var unitId = claim.GetProperty("unitId").GetString();
        var assignmentId = claim.GetProperty("assignmentId").GetString();
        const string edited = "<p onclick=\"steal()\">9:00-18:00</p><script>steal()</script>";

        (await worker.PutAsJsonAsync($"/api/v1/units/{unitId}/draft", new { assignmentId, content = edited })).EnsureSuccessStatusCode();
        var draft = await (await worker.GetAsync($"/api/v1/units/{unitId}/draft")).JsonAsync();
        Assert.Equal("<p>9:00-18:00</p>", draft.GetProperty("content").GetString());

        (await worker.PostAsJsonAsync($"/api/v1/units/{unitId}/submit", new { assignmentId, content = edited })).EnsureSuccessStatusCode();
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Market.Api.Persistence.MarketDbContext>();
        Assert.Equal("<p>9:00-18:00</p>", db.UnitSubmissions.Single(s => s.UnitId == new Market.Domain.Units.WorkUnitId(Guid.Parse(unitId!))).Content);
    }
}
