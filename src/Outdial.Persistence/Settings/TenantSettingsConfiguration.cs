using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Settings;

namespace Outdial.Persistence.Settings;

internal sealed class TenantSettingsConfiguration : IEntityTypeConfiguration<TenantSettings>
{
    public void Configure(EntityTypeBuilder<TenantSettings> builder)
    {
        builder.ToTable("TenantSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.DefaultRegion).HasMaxLength(3);
        builder.Property(s => s.DefaultTimeZone).HasMaxLength(64);
        builder.Property(s => s.CallingHours)
            .HasConversion(hours => hours.ToString(), text => CallingHours.Parse(text))
            .HasMaxLength(400);
        builder.HasData(new TenantSettings());
    }
}
