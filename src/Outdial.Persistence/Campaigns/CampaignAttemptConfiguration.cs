using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Campaigns;

namespace Outdial.Persistence.Campaigns;

internal sealed class CampaignAttemptConfiguration : IEntityTypeConfiguration<CampaignAttempt>
{
    public void Configure(EntityTypeBuilder<CampaignAttempt> builder)
    {
        builder.ToTable("CampaignAttempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Phone).HasMaxLength(20);
        builder.Property(a => a.CallerId).HasMaxLength(20);
        builder.Property(a => a.DialResult).HasMaxLength(40);
        builder.Property(a => a.Result).HasMaxLength(100);
        builder.Property(a => a.SessionEnd).HasMaxLength(60);
        builder.Property(a => a.Note).HasMaxLength(4000);
        builder.Property(a => a.NoteSearch).HasMaxLength(4000);
        builder.Property(a => a.Error).HasMaxLength(500);

        builder.HasIndex(a => new { a.CampaignId, a.StartedAt });
        builder.HasIndex(a => new { a.CampaignId, a.DialledOn });
        builder.HasIndex(a => new { a.ContactId, a.StartedAt });
        builder.HasIndex(a => a.RecordId);

        // The Sessions section lists every campaign's sessions, newest first.
        builder.HasIndex(a => a.StartedAt);
        builder.HasIndex(a => new { a.OperatorId, a.StartedAt });

        // Start-up looks for calls a crash left in flight.
        builder.HasIndex(a => a.InFlight);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(a => a.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
