namespace Market.Domain.Money;

public enum LedgerAccountKind
{
    /// <summary>What a client owes the agent for invoiced work (asset).</summary>
    ClientReceivable = 0,

    /// <summary>What the agent has invoiced, before consumption tax (revenue).</summary>
    AgentRevenue = 1,

    /// <summary>What the agent's work cost it: its workers' pay, or a sub-agent's price (expense).</summary>
    AgentCost = 2,

    /// <summary>What the agent owes one of its workers, after withholding (liability).</summary>
    WorkerPayable = 3,

    /// <summary>Income tax the agent withheld and owes the tax office (liability).</summary>
    WithholdingTaxPayable = 4,

    /// <summary>Consumption tax the agent invoiced and owes the tax office (liability).</summary>
    ConsumptionTaxPayable = 5,

    /// <summary>The agent's bank account (asset).</summary>
    AgentBank = 6,

    /// <summary>What a lead agent owes a sub-agent for subcontracted units (liability).</summary>
    AgentPayable = 7,

    /// <summary>What a sub-agent is owed by its lead agent for subcontracted units (asset).</summary>
    AgentReceivable = 8,
}

/// <summary>
/// One account of the ledger: its kind, the agent whose books it is in, and — for accounts with a
/// counterparty — the client, worker or other agent it is held against. Every account lives in an agent's
/// books because the agent is the one that invoices, pays and owes the taxes; a worker registered with two
/// agents has two payables, paid in two batches.
/// </summary>
public readonly record struct LedgerAccount
{
    private LedgerAccount(LedgerAccountKind kind, Guid agentId, Guid? partyId)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        if (agentId == Guid.Empty)
        {
            throw new ArgumentException("An account belongs to an agent's books.", nameof(agentId));
        }

        if (HasParty(kind) != (partyId is not null) || partyId == Guid.Empty)
        {
            throw new ArgumentException($"A {kind} account {(HasParty(kind) ? "needs" : "has no")} counterparty.", nameof(partyId));
        }

        Kind = kind;
        AgentId = agentId;
        PartyId = partyId;
    }

    public LedgerAccountKind Kind { get; }

    /// <summary>The agent whose books hold the account.</summary>
    public Guid AgentId { get; }

    /// <summary>The client, worker or other agent the account is held against; null for the agent's own accounts.</summary>
    public Guid? PartyId { get; }

    /// <summary>Assets and expenses grow with debits; liabilities and revenue grow with credits.</summary>
    public bool IsDebitNormal => Kind is LedgerAccountKind.ClientReceivable or LedgerAccountKind.AgentCost or LedgerAccountKind.AgentBank or LedgerAccountKind.AgentReceivable;

    public static LedgerAccount ClientReceivable(Guid agentId, Guid clientId) => new(LedgerAccountKind.ClientReceivable, agentId, clientId);

    public static LedgerAccount AgentRevenue(Guid agentId) => new(LedgerAccountKind.AgentRevenue, agentId, null);

    public static LedgerAccount AgentCost(Guid agentId) => new(LedgerAccountKind.AgentCost, agentId, null);

    public static LedgerAccount WorkerPayable(Guid agentId, Guid workerId) => new(LedgerAccountKind.WorkerPayable, agentId, workerId);

    public static LedgerAccount WithholdingTaxPayable(Guid agentId) => new(LedgerAccountKind.WithholdingTaxPayable, agentId, null);

    public static LedgerAccount ConsumptionTaxPayable(Guid agentId) => new(LedgerAccountKind.ConsumptionTaxPayable, agentId, null);

    public static LedgerAccount AgentBank(Guid agentId) => new(LedgerAccountKind.AgentBank, agentId, null);

    /// <param name="leadAgentId">The agent that owes.</param>
    /// <param name="subAgentId">The agent it owes.</param>
    public static LedgerAccount AgentPayable(Guid leadAgentId, Guid subAgentId) => new(LedgerAccountKind.AgentPayable, leadAgentId, subAgentId);

    /// <param name="subAgentId">The agent that is owed.</param>
    /// <param name="leadAgentId">The agent that owes it.</param>
    public static LedgerAccount AgentReceivable(Guid subAgentId, Guid leadAgentId) => new(LedgerAccountKind.AgentReceivable, subAgentId, leadAgentId);

    /// <summary>Rebuilds an account from its stored columns.</summary>
    public static LedgerAccount Of(LedgerAccountKind kind, Guid agentId, Guid? partyId) => new(kind, agentId, partyId);

    public static bool HasParty(LedgerAccountKind kind) =>
        kind is LedgerAccountKind.ClientReceivable or LedgerAccountKind.WorkerPayable or LedgerAccountKind.AgentPayable or LedgerAccountKind.AgentReceivable;

    public override string ToString() => PartyId is null ? $"{Kind}[{AgentId}]" : $"{Kind}[{AgentId}/{PartyId}]";
}
