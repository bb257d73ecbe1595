namespace Market.Web.Agent;

/// <summary>
/// The API's agent-layer words the console labels, in display order. As with <see cref="Jobs.JobVocabulary"/>, a value
/// the API adds later still shows, as itself, until it gets a label.
/// </summary>
public static class AgentVocabulary
{
    public static readonly IReadOnlyList<string> VettingStatuses = ["Pending", "Approved", "Suspended"];

    public static readonly IReadOnlyList<string> OrganisationTypes = ["Npo", "Cooperative", "ChamberOfCommerceGroup", "Company", "VoluntaryGroup"];

    public static readonly IReadOnlyList<string> OrganisationCertifications = ["PrivacyMark", "Isms"];

    public static readonly IReadOnlyList<string> OfferStatuses = ["Submitted", "Withdrawn", "Accepted", "Declined", "Expired"];

    public static readonly IReadOnlyList<string> SubcontractStatuses = ["Proposed", "Accepted", "Declined", "Cancelled"];

    public static readonly IReadOnlyList<string> PriceBases = ["PerUnit", "Total"];

    public static readonly IReadOnlyList<string> UnitPools = ["Lead", "Subcontract"];

    public static readonly IReadOnlyList<string> Tiers = ["Trial", "B", "A", "S"];

    public static readonly IReadOnlyList<string> MemberStatuses = ["Active", "Suspended", "Left"];

    /// <summary>The reviewer's fixed catalogue of reasons (the domain's <c>ReviewReasonCodes</c>).</summary>
    public static readonly IReadOnlyList<string> ReasonCodes = ["typo", "missing_text", "wrong_format", "wrong_speaker", "wrong_value", "not_as_specified", "other"];

    public static readonly IReadOnlyList<string> AppealOutcomes = ["Upheld", "Overturned"];

    public static readonly IReadOnlyList<int> Grades = [1, 2, 3, 4, 5];

    public static readonly IReadOnlyList<string> PayoutSchedules = ["Monthly", "SemiMonthly", "Daily"];

    public static readonly IReadOnlyList<string> PayoutBatchStatuses = ["Building", "Posted", "FileIssued", "Confirmed", "NothingDue"];

    public static readonly IReadOnlyList<string> PayoutStatuses = ["Pending", "Paid", "Failed"];

    public static readonly IReadOnlyList<string> CarryForwardReasons = ["BelowMinimum", "NoBankAccount"];

    public static readonly IReadOnlyList<string> AccountTypes = ["Ordinary", "Current"];

    /// <summary>Label keys are composed from these prefixes and the values above.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> LabelKeys = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Agent_Vetting_"] = VettingStatuses,
        ["Agent_OrgType_"] = OrganisationTypes,
        ["Agent_Certification_"] = OrganisationCertifications,
        ["Agent_OfferStatus_"] = OfferStatuses,
        ["Agent_SubcontractStatus_"] = SubcontractStatuses,
        ["Agent_PriceBasis_"] = PriceBases,
        ["Agent_Pool_"] = UnitPools,
        ["Agent_Tier_"] = Tiers,
        ["Agent_MemberStatus_"] = MemberStatuses,
        ["Agent_Reason_"] = ReasonCodes,
        ["Agent_AppealOutcome_"] = AppealOutcomes,
        ["Agent_PayoutSchedule_"] = PayoutSchedules,
        ["Agent_PayoutBatchStatus_"] = PayoutBatchStatuses,
        ["Agent_PayoutStatus_"] = PayoutStatuses,
        ["Agent_CarryForward_"] = CarryForwardReasons,
        ["Agent_AccountType_"] = AccountTypes,
    };

    /// <summary>CSS modifier for a state badge; the badge always shows the state as text too.</summary>
    public static string BadgeClass(string value) => "state state--" + value.ToLowerInvariant();
}
