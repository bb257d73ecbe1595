using Market.Domain.Common;

namespace Market.Domain.Tenancy;

public enum ClientKind
{
    Firm = 0,
    PublicBody = 1,
}

/// <summary>A client firm or public body (発注者) that posts jobs. A tenant.</summary>
public sealed class ClientFirm : AggregateRoot
{
    private ClientFirm()
    {
        Name = string.Empty;
    }

    public ClientFirm(Guid id, string name, ClientKind kind, string prefecture, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Name = name.Trim();
        Kind = kind;
        Prefecture = prefecture;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public ClientKind Kind { get; private set; }

    public string? Prefecture { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
