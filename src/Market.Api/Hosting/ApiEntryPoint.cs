namespace Market.Api.Hosting;

/// <summary>Names the Api assembly for <c>WebApplicationFactory</c> without clashing with the Web's <c>Program</c>.</summary>
public sealed class ApiEntryPoint;
