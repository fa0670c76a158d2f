using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Identity;
using Outdial.Operators;

namespace Outdial.Persistence.Operators;

internal sealed class OperatorStatusConfiguration : IEntityTypeConfiguration<OperatorStatus>
{
    public void Configure(EntityTypeBuilder<OperatorStatus> builder)
    {
        builder.ToTable("OperatorStatuses");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).ValueGeneratedNever();
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<User>().WithOne().HasForeignKey<OperatorStatus>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OperatorStateChangeConfiguration : IEntityTypeConfiguration<OperatorStateChange>
{
    public void Configure(EntityTypeBuilder<OperatorStateChange> builder)
    {
        builder.ToTable("OperatorStateChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.UserId, c.At });
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BreakTypeConfiguration : IEntityTypeConfiguration<BreakType>
{
    public void Configure(EntityTypeBuilder<BreakType> builder)
    {
        builder.ToTable("BreakTypes");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(100);
        builder.HasIndex(b => b.Name).IsUnique();
    }
}

internal sealed class OperatorGroupConfiguration : IEntityTypeConfiguration<OperatorGroup>
{
    public void Configure(EntityTypeBuilder<OperatorGroup> builder)
    {
        builder.ToTable("OperatorGroups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Name).HasMaxLength(OperatorGroup.MaxNameLength);
        builder.HasIndex(g => g.Name).IsUnique();
        builder.Property(g => g.Distribution).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(g => g.MemberIds);
    }
}
