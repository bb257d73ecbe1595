using Microsoft.EntityFrameworkCore;

namespace Market.Api.Persistence;

/// <summary>The time step of the last authenticator code accepted for a user (written only by one atomic upsert).</summary>
public sealed class TotpUsedStep
{
    public Guid UserId { get; set; }

    public long LastStep { get; set; }
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
    }
}
