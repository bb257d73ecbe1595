using Microsoft.AspNetCore.Identity;

namespace Market.Api.Identity;

public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>"ja" (default) or "en".</summary>
    public string PreferredLanguage { get; set; } = "ja";

    public DateTimeOffset CreatedAt { get; set; }
}
