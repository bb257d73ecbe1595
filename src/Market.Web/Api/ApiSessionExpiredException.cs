namespace Market.Web.Api;

/// <summary>The API refused the user's tokens and they could not be refreshed; the user must sign in again.</summary>
public sealed class ApiSessionExpiredException() : Exception("The API session has expired and could not be refreshed.");
