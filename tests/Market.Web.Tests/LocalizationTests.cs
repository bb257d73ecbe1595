using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Market.Web.Auth;
using Market.Web.Jobs;
using Market.Web.Localization;
using Market.Web.Resources;
using Market.Web.Tests.Support;

namespace Market.Web.Tests;

public sealed partial class LocalizationTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Page_WhenNoLanguageChosen_IsJapanese()
    {
        using var session = web.NewSession();

        var page = await session.GetAsync("/account/signin");

        Assert.Equal("ja", page.Language);
        Assert.Equal("サインイン", page.Heading);
        Assert.Equal("メールアドレス", page.Single("label[for='Input_Email']").TextContent.Trim());
        Assert.Equal("true", page.Single("form.language-switch button[value='ja-JP']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task Page_WhenBrowserAsksForEnglish_StaysJapaneseUntilTheUserSwitches()
    {
        using var session = web.NewSession();
        session.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var page = await session.GetAsync("/");

        Assert.Equal("ja", page.Language);
    }

    [Fact]
    public async Task LanguageSwitch_WhenEnglishChosen_ShowsEnglishOnThisAndLaterPages()
    {
        using var session = web.NewSession();
        var japanese = await session.GetAsync("/account/signin");

        var english = await session.SwitchLanguageAsync(japanese, MarketCultures.English);

        Assert.Equal("/account/signin", english.Path);
        Assert.Equal("en", english.Language);
        Assert.Equal("Sign in", english.Heading);
        Assert.Equal("Email address", english.Single("label[for='Input_Email']").TextContent.Trim());
        Assert.Equal("true", english.Single("form.language-switch button[value='en']").GetAttribute("aria-pressed"));
        var landing = await session.SignInAsync(FakeUsers.Worker);
        Assert.Equal("Welcome, 在宅 さくら", landing.Heading);
        Assert.Equal("Worker portal", landing.Single(".welcome__portal").TextContent.Trim());
    }

    [Fact]
    public async Task LanguageSwitch_WhenJapaneseChosenAgain_ShowsJapanese()
    {
        using var session = web.NewSession();
        var english = await session.SwitchLanguageAsync(await session.GetAsync("/"), MarketCultures.English);

        var japanese = await session.SwitchLanguageAsync(english, MarketCultures.Japanese);

        Assert.Equal("ja", japanese.Language);
        Assert.Equal("地方のテレワーカーに、確かな仕事を。", japanese.Heading);
    }

    [Fact]
    public async Task Page_WhenCultureQueryIsEnglish_IsEnglishAndTheSwitchDropsTheQuery()
    {
        using var session = web.NewSession();

        var page = await session.GetAsync("/?culture=en");

        Assert.Equal("en", page.Language);
        Assert.Equal("Reliable work for regional teleworkers.", page.Heading);
        Assert.Equal("/", page.Single("form.language-switch input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public void Resources_WhenComparedAcrossLanguages_HaveTheSameKeysAndNoBlankValues()
    {
        var japanese = ReadResources(CultureInfo.InvariantCulture);
        var english = ReadResources(CultureInfo.GetCultureInfo("en"));

        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.Empty(japanese.Where(pair => string.IsNullOrWhiteSpace(pair.Value)).Select(pair => pair.Key));
        Assert.Empty(english.Where(pair => string.IsNullOrWhiteSpace(pair.Value)).Select(pair => pair.Key));
    }

    [Fact]
    public void Resources_WhenKeysAreUsedBySourceOrComposedAtRunTime_ExistInBothLanguages()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.WebProject, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            // Keys composed at run time ("Role_" + role) are added from their sources of truth below.
            foreach (Match match in LiteralKeyPattern().Matches(File.ReadAllText(file)))
            {
                if (!match.Groups["key"].Value.EndsWith('_'))
                {
                    used.Add(match.Groups["key"].Value);
                }
            }
        }

        used.UnionWith(MarketRoles.All.Select(role => "Role_" + role));
        used.UnionWith(new[] { "Platform", "Client", "Agent", "None" }.Select(kind => "TenantKind_" + kind));
        used.UnionWith(MarketCultures.Supported.Select(culture => "Language_" + culture.Name));
        used.UnionWith(Portal.All.Select(portal => portal.NameKey));
        used.UnionWith(ProblemLocalizer.MessageKeys.Values.Append("Problem_Generic"));
        used.UnionWith(JobVocabulary.LabelKeys.SelectMany(pair => pair.Value.Select(value => pair.Key + value)));
        used.UnionWith(JobVocabulary.Types.Select(type => "NewJob_TypeHint_" + type));
        used.UnionWith(JobVocabulary.ConfidentialityLevels.Select(level => "NewJob_ConfidentialityHint_" + level));
        used.UnionWith(Prefectures.All.Select(prefecture => prefecture.LabelKey));
        used.UnionWith(Prefectures.Regions.Select(region => region.LabelKey));
        used.UnionWith(Market.Web.Agent.AgentVocabulary.LabelKeys.SelectMany(pair => pair.Value.Select(value => pair.Key + value)));
        used.UnionWith(Market.Web.Agent.AgentVocabulary.AppealOutcomes.Select(outcome => "Agent_AppealOutcomeHint_" + outcome));
        used.UnionWith(Market.Web.Agent.AgentProblems.MessageKeys.Values);
        used.UnionWith(["JobNotice_Posted", "JobNotice_Cancelled", "JobNotice_Accepted", "JobNotice_RevisionRequested"]);
        used.UnionWith(new[]
            {
                Market.Web.Pages.Operator.IndexModel.Sections, Market.Web.Pages.Client.IndexModel.Sections,
                Market.Web.Pages.Agent.IndexModel.Sections, Market.Web.Pages.Worker.IndexModel.Sections,
            }
            .SelectMany(sections => sections)
            .SelectMany(section => new[] { section.TitleKey, section.DescriptionKey }));

        var japanese = ReadResources(CultureInfo.InvariantCulture);
        var english = ReadResources(CultureInfo.GetCultureInfo("en"));
        Assert.True(used.Count > 50, $"Only {used.Count} keys found; the source scan is probably broken.");
        Assert.Empty(used.Except(japanese.Keys));
        Assert.Empty(used.Except(english.Keys));
    }

    private static Dictionary<string, string> ReadResources(CultureInfo culture)
    {
        var manager = new ResourceManager(typeof(SharedResource));
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);
    }

    [GeneratedRegex(@"(?:\bL|localizer)\[""(?<key>[A-Za-z0-9_\-]+)""|(?:ErrorMessage|Name) = ""(?<key>(?:Validation|Field)_[A-Za-z0-9_]+)""|""(?<key>(?:Portal|Problem|SignIn|Error|Agent|Operator)_[A-Za-z0-9_]+)""")]
    private static partial Regex LiteralKeyPattern();
}
