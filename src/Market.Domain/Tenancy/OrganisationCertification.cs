namespace Market.Domain.Tenancy;

/// <summary>A certification held by the agent as an organisation, verified by the platform operator.</summary>
public enum OrganisationCertification
{
    /// <summary>プライバシーマーク (JIPDEC, JIS Q 15001): required to contract PersonalData jobs.</summary>
    PrivacyMark = 0,

    /// <summary>ISMS (ISO/IEC 27001).</summary>
    Isms = 1,
}
