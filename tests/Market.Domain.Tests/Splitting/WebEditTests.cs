using System.Text;
using Market.Domain.Assembly;
using Market.Domain.Common;
using Market.Domain.Files;
using Market.Domain.Jobs;
using Market.Domain.Splitting;
using Market.Domain.Splitting.WebEdit;
using Market.Domain.Tests.Support;
using Market.Domain.Units;

namespace Market.Domain.Tests.Splitting;

public class WebEditTests
{
    private const string Json = """
        [
          {"url": "https://www.city.example.lg.jp/kanko/index.html", "currentContent": "<p>営業時間 9:00-17:00</p>\n<p>定休日 月曜</p>\n", "requestedChange": "営業時間を8:30-17:15に"},
          {"URL": "http://www.city.example.lg.jp/iju/", "CurrentContent": "# 移住支援\n支援金 最大100万円\n", "RequestedChange": "令和7年度の金額に更新"}
        ]
        """;

    [Fact]
    public void Read_JsonArray_ReturnsEveryRequestWithCaseInsensitiveKeys()
    {
        var requests = WebEditRequestReader.Read(Encoding.UTF8.GetBytes(Json));

        Assert.Equal(2, requests.Count);
        Assert.Equal("https://www.city.example.lg.jp/kanko/index.html", requests[0].Url);
        Assert.Equal("# 移住支援\n支援金 最大100万円\n", requests[1].CurrentContent);
        Assert.Equal("令和7年度の金額に更新", requests[1].RequestedChange);
    }

    [Fact]
    public void Read_CsvInShiftJis_ReturnsTheSameRequests()
    {
        const string csv = "url,currentContent,requestedChange\r\nhttps://www.city.example.lg.jp/kanko/index.html,\"<p>営業時間 9:00-17:00</p>\n<p>定休日 月曜</p>\n\",営業時間を8:30-17:15に\r\n";

        var requests = WebEditRequestReader.Read(ShiftJis.Bytes(csv));

        var request = Assert.Single(requests);
        Assert.Equal("<p>営業時間 9:00-17:00</p>\n<p>定休日 月曜</p>\n", request.CurrentContent);
    }

    [Theory]
    [InlineData("ftp://files.example.jp/a.html")]
    [InlineData("/kanko/index.html")]
    [InlineData("javascript:alert(1)")]
    [InlineData("www.example.jp")]
    public void Read_WhenUrlIsNotAbsoluteHttp_IsRefused(string url)
    {
        var json = $$"""[{"url": "{{url}}", "currentContent": "", "requestedChange": "直す"}]""";

        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("webedit_url_invalid", refusal.Code);
        Assert.Contains("Entry 1", refusal.Message);
    }

    [Theory]
    [InlineData("""[{"url": "https://a.example.jp/", "currentContent": ""}]""")]
    [InlineData("""[{"url": "https://a.example.jp/", "currentContent": "", "requestedChange": "  "}]""")]
    [InlineData("""[{"currentContent": "", "requestedChange": "x"}]""")]
    public void Read_WhenARequiredFieldIsMissing_IsRefused(string json)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("webedit_field_missing", refusal.Code);
    }

    [Fact]
    public void Read_WhenCsvLacksAColumn_IsRefused()
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read("url,requestedChange\r\nhttps://a.example.jp/,x\r\n"u8));

        Assert.Equal("webedit_field_missing", refusal.Code);
    }

    [Theory]
    [InlineData("[{\"url\": ")]
    [InlineData("[1, 2]")]
    [InlineData("""[{"url": 5, "currentContent": "", "requestedChange": "x"}]""")]
    public void Read_WhenJsonIsMalformed_IsRefused(string json)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("webedit_malformed", refusal.Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("  ")]
    public void Read_WhenThereAreNoRequests_IsRefused(string json)
    {
        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("webedit_empty", refusal.Code);
    }

    [Fact]
    public void Read_WhenTheSamePageIsListedTwice_IsRefused()
    {
        const string json = """
            [{"url": "https://a.example.jp/x", "currentContent": "", "requestedChange": "1"},
             {"url": "HTTPS://A.EXAMPLE.JP/x", "currentContent": "", "requestedChange": "2"}]
            """;

        var refusal = Assert.Throws<UnprocessableInputException>(() => WebEditRequestReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("webedit_url_duplicate", refusal.Code);
    }

    [Fact]
    public void Split_MakesOneUnitPerPageInOrder()
    {
        var job = TestJobs.Draft(WebEditSettings.Default);
        var requests = WebEditRequestReader.Read(Encoding.UTF8.GetBytes(Json));

        var units = WebEditSplitter.Split(job, [new WebEditInput(TestJobs.InputFile, requests)]);

        Assert.Equal([0, 1], units.Select(u => u.Page!.PageIndex));
        Assert.Equal(requests.Select(r => r.Url), units.Select(u => u.Page!.Url));
        Assert.All(units, u => Assert.Equal(JobType.WebEdit, u.Kind));
        Assert.All(units, u => Assert.Equal(30, u.EstimatedMinutes));
    }

    [Fact]
    public void Assemble_BundlesEachPageWithItsDiff()
    {
        var at = TestJobs.Now.AddDays(1);
        var job = TestJobs.Draft(WebEditSettings.Default);
        var requests = WebEditRequestReader.Read(Encoding.UTF8.GetBytes(Json));
        var units = WebEditSplitter.Split(job, [new WebEditInput(TestJobs.InputFile, requests)]);
        foreach (var unit in units)
        {
            var assignment = Guid.NewGuid();
            unit.MakeAvailable(at);
            unit.Assign(Guid.NewGuid(), assignment, at);
            unit.Submit(assignment, at);
            unit.Accept(at);
        }

        var edited = new Dictionary<WorkUnitId, string>
        {
            [units[0].Id] = "<p>営業時間 8:30-17:15</p>\n<p>定休日 月曜</p>\n",
            [units[1].Id] = "# 移住支援\n支援金 最大100万円\n",
        };
        var bundle = WebEditAssembler.Assemble(units, edited, new Dictionary<FileId, IReadOnlyList<WebEditRequest>> { [TestJobs.InputFile] = requests });

        Assert.Equal(2, bundle.Pages.Count);
        Assert.Equal(
            "--- a/https://www.city.example.lg.jp/kanko/index.html\n+++ b/https://www.city.example.lg.jp/kanko/index.html\n@@ -1,2 +1,2 @@\n-<p>営業時間 9:00-17:00</p>\n+<p>営業時間 8:30-17:15</p>\n <p>定休日 月曜</p>\n",
            bundle.Pages[0].UnifiedDiff);
        Assert.Equal(string.Empty, bundle.Pages[1].UnifiedDiff);
        Assert.Equal(bundle.Pages[0].UnifiedDiff, bundle.ToPatch());
    }
}
