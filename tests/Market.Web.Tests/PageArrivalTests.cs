using Market.Web.Tests.Support;

namespace Market.Web.Tests;

/// <summary>The browser tests' page waits match addresses the way Playwright's globs do.</summary>
public sealed class PageArrivalTests
{
    [Theory]
    [InlineData("**/worker", "http://127.0.0.1:35485/worker", true)]
    [InlineData("**/worker", "http://127.0.0.1:35485/worker/units/1", false)]
    [InlineData("**/worker", "http://127.0.0.1:35485/account/signin?returnUrl=%2Fworker", false)]
    [InlineData("**/worker/units/*-*-*-*-*", "http://h/worker/units/01a1ffb8-6044-7ce1-b7cb-06d8811e9017", true)]
    [InlineData("**/worker/units/*-*-*-*-*", "http://h/worker/units/01a1ffb8-6044-7ce1-b7cb-06d8811e9017/audio", false)]
    [InlineData("**/operator/agents?status=Pending", "http://h/operator/agents?status=Pending", true)]
    [InlineData("**/operator/agents?status=Pending", "http://h/operator/agentsXstatus=Pending", false)]
    [InlineData("**/client?status=Cancelled*", "http://h/client?status=Cancelled&page=2", true)]
    [InlineData("**/agent/open-jobs*", "http://h/agent/open-jobs.html", true)]
    public void GlobToRegex_MatchesLikePlaywright(string glob, string url, bool matches) =>
        Assert.Equal(matches, PageArrival.GlobToRegex(glob).IsMatch(url));
}
