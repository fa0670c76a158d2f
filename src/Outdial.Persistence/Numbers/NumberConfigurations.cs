using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Numbers;

namespace Outdial.Persistence.Numbers;

internal sealed class CallerIdNumberConfiguration : IEntityTypeConfiguration<CallerIdNumber>
{
    public void Configure(EntityTypeBuilder<CallerIdNumber> builder)
    {
        builder.ToTable("PhoneNumbers");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.E164).HasMaxLength(20);
        builder.HasIndex(n => n.E164).IsUnique();
        builder.Property(n => n.Label).HasMaxLength(CallerIdNumber.MaxLabelLength);
    }
}

internal sealed class BlacklistEntryConfiguration : IEntityTypeConfiguration<BlacklistEntry>
{
    public void Configure(EntityTypeBuilder<BlacklistEntry> builder)
    {
        builder.ToTable("BlacklistEntries");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Pattern).HasMaxLength(20);
        builder.HasIndex(b => new { b.Pattern, b.IsPrefix });
        builder.Property(b => b.Reason).HasMaxLength(BlacklistEntry.MaxReasonLength);
        builder.Property(b => b.AddedBy).HasMaxLength(200);
    }
}
