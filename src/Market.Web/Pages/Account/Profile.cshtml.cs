using Market.Web.Api;
using Market.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Market.Web.Pages.Account;

public sealed class ProfileModel(MarketApiClient api, ProblemLocalizer problems) : PageModel
{
    public MeResponse? Me { get; private set; }

    public string? ProblemMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await api.GetMeAsync(cancellationToken);
        if (result.Succeeded)
        {
            Me = result.Value;
        }
        else
        {
            ProblemMessage = problems.Message(result.Problem);
        }
    }
}
