using System.Security.Claims;
using Market.Web.Auth;

namespace Market.Web.Pages;

/// <summary>A part of a portal that is planned; <paramref name="Roles"/> limits it to some of the portal's roles.</summary>
public sealed record PortalSection(string Key, params IReadOnlyList<string> Roles)
{
    public string TitleKey => $"Section_{Key}_Title";

    public string DescriptionKey => $"Section_{Key}_Description";

    public bool IsVisibleTo(ClaimsPrincipal user) => Roles.Count == 0 || Roles.Any(user.IsInRole);
}

public sealed record PortalHome(Portal Portal, IReadOnlyList<PortalSection> Sections)
{
    public static PortalHome For(Portal portal, ClaimsPrincipal user, IEnumerable<PortalSection> sections) =>
        new(portal, sections.Where(section => section.IsVisibleTo(user)).ToList());
}
