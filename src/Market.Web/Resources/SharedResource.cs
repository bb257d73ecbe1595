namespace Market.Web.Resources;

/// <summary>Anchor type for the one resource file that holds every user-visible string (Japanese neutral, English satellite).</summary>
public sealed class SharedResource;
