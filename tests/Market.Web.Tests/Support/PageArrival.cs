using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Market.Web.Tests.Support;

/// <summary>
/// Waits for a page to arrive by looking at it (its address and <c>document.readyState</c>) every 100 ms rather than
/// through Playwright's client-side load-state events. Those waits (<c>WaitForURLAsync</c>, <c>WaitForLoadStateAsync</c>
/// in Microsoft.Playwright 1.64) check the states already fired and only then subscribe to the next one, so a
/// <c>load</c> event that lands between the two is never seen: on a busy CI box a page that loaded in 0.2 s was
/// waited for until the timeout (CI run of 2026-11-21; the page's own event log showed the load).
/// </summary>
public static class PageArrival
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns once the page is at an address matching <paramref name="urlGlob"/> (<c>**</c> any characters, <c>*</c> any
    /// but '/', as Playwright's globs) and its document has loaded; when the load does not complete in time but the
    /// document is parsed (an audio player still buffering delays the load event), that is enough: every later step
    /// waits for the element it needs. Otherwise throws a <see cref="TimeoutException"/> that says where the page is,
    /// with <paramref name="describe"/>'s account of what was still open.
    /// </summary>
    public static async Task WaitAsync(IPage page, string urlGlob, float timeoutMs = 30_000, Func<string>? describe = null)
    {
        var pattern = GlobToRegex(urlGlob);
        var started = Stopwatch.GetTimestamp();
        var reached = false;
        var document = "not looked at";
        while (true)
        {
            if (pattern.IsMatch(page.Url))
            {
                reached = true;
                document = await DocumentStateAsync(page);
                if (document == "complete")
                {
                    return;
                }
            }

            if (Stopwatch.GetElapsedTime(started).TotalMilliseconds >= timeoutMs)
            {
                break;
            }

            await Task.Delay(Poll);
        }

        if (reached && (document == "interactive" || await MainShowsAsync(page)))
        {
            return;
        }

        string shown;
        try
        {
            shown = await page.Locator("main").InnerTextAsync(new() { Timeout = 2_000 });
        }
        catch (PlaywrightException)
        {
            shown = "(nothing)";
        }

        var message = new StringBuilder()
            .Append($"The browser did not reach {urlGlob} within {timeoutMs / 1000:F0} s ")
            .Append(reached ? "(the address was reached, the document did not load)" : "(the address was never reached)")
            .Append($"; it is at {page.Url}, document {document}, showing:\n{shown}");
        if (describe is not null)
        {
            message.Append('\n').Append(describe());
        }

        throw new TimeoutException(message.ToString());
    }

    /// <summary>Playwright's URL globs: <c>**</c> matches anything, <c>*</c> anything but '/', the rest literally.</summary>
    public static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else
            {
                pattern.Append("[^/]*");
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static async Task<string> DocumentStateAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<string>("() => document.readyState");
        }
        catch (PlaywrightException e)
        {
            // Between documents (the old one gone, the new one not yet there) there is nothing to ask.
            return "unknown (" + e.Message.Split('\n')[0] + ")";
        }
    }

    private static async Task<bool> MainShowsAsync(IPage page)
    {
        try
        {
            return await page.Locator("main").IsVisibleAsync();
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }
}
