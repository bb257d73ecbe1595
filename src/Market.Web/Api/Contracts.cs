namespace Market.Web.Api;

public sealed record LoginRequest(string Email, string Password, string? TwoFactorCode);

public sealed record RefreshRequest(string RefreshToken);

public sealed record TwoFactorSetupResponse(string SharedKey, string AuthenticatorUri);

public sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken);

public sealed record MeResponse(
    Guid UserId,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    TenantResponse Tenant,
    string PreferredLanguage);

public sealed record TenantResponse(string Kind, Guid? Id, string? Name);
