using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Campaigns;

namespace Outdial.Persistence.Campaigns;

internal sealed class CampaignRecordConfiguration : IEntityTypeConfiguration<CampaignRecord>
{
    public void Configure(EntityTypeBuilder<CampaignRecord> builder)
    {
        builder.ToTable("CampaignRecords");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Phone).HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.LastDialResult).HasMaxLength(40);
        builder.Property(r => r.LastOperatorResult).HasMaxLength(100);

        // A contact is in a campaign at most once: adding it again changes nothing.
        builder.HasIndex(r => new { r.CampaignId, r.ContactId }).IsUnique();
        builder.HasIndex(r => new { r.CampaignId, r.State, r.Order });
        builder.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
