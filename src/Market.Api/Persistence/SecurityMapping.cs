using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>The time step of the last authenticator code accepted for a user (written only by one atomic upsert).</summary>
public sealed class TotpUsedStep
{
    public Guid UserId { get; set; }

    public long LastStep { get; set; }
}

/// <summary>One key of the API's Data Protection key ring, as the XML the key manager writes.</summary>
public sealed class DataProtectionKeyRow
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = string.Empty;
}

internal static class SecurityMapping
{
    public static void Map(ModelBuilder builder)
    {
        builder.Entity<TotpUsedStep>(step =>
        {
            step.ToTable("totp_used_steps");
            step.HasKey(s => s.UserId);
            step.HasOne<Identity.AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DataProtectionKeyRow>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).UseIdentityAlwaysColumn();
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });
    }
}
