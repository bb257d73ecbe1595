namespace Market.Web.Hosting;

/// <summary>Names the Web assembly for <c>WebApplicationFactory</c> without clashing with the Api's <c>Program</c>.</summary>
public sealed class WebEntryPoint;
