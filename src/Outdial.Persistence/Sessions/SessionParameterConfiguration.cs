using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Campaigns;
using Outdial.Sessions;

namespace Outdial.Persistence.Sessions;

internal sealed class SessionParameterConfiguration : IEntityTypeConfiguration<SessionParameter>
{
    public void Configure(EntityTypeBuilder<SessionParameter> builder)
    {
        builder.ToTable("SessionParameters");
        builder.HasKey(p => new { p.AttemptId, p.Name });
        builder.Property(p => p.Name).HasMaxLength(SessionParameter.MaxNameLength);
        builder.Property(p => p.Value).HasMaxLength(SessionParameter.MaxValueLength);
        builder.Property(p => p.ValueSearch).HasMaxLength(SessionParameter.MaxValueLength);
        builder.Property(p => p.ValueKey).HasMaxLength(SessionParameter.KeyLength);

        // Filters look parameters up by name and value (the indexed prefix) or by name and number;
        // the column chooser lists the distinct names.
        builder.HasIndex(p => new { p.Name, p.ValueKey });
        builder.HasIndex(p => new { p.Name, p.Number });
        builder.HasOne<CampaignAttempt>().WithMany().HasForeignKey(p => p.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}
