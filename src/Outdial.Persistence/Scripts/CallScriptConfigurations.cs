using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Scripts;

namespace Outdial.Persistence.Scripts;

internal sealed class CallScriptConfiguration : IEntityTypeConfiguration<CallScript>
{
    public void Configure(EntityTypeBuilder<CallScript> builder)
    {
        builder.ToTable("CallScripts");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(CallScript.MaxNameLength);
        builder.Property(s => s.Description).HasMaxLength(CallScript.MaxDescriptionLength);
        builder.HasMany<CallScriptVersion>().WithOne().HasForeignKey(v => v.ScriptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallScriptVersionConfiguration : IEntityTypeConfiguration<CallScriptVersion>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Configure(EntityTypeBuilder<CallScriptVersion> builder)
    {
        builder.ToTable("CallScriptVersions");
        builder.HasKey(v => new { v.ScriptId, v.Version });
        builder.Property(v => v.CreatedBy).HasMaxLength(200);

        // A version's elements are one document, read and written whole and never changed.
        builder.Property(v => v.Elements)
            .HasConversion(
                elements => JsonSerializer.Serialize(elements, Json),
                text => JsonSerializer.Deserialize<List<ScriptElement>>(text, Json)!,
                new ValueComparer<IReadOnlyList<ScriptElement>>(
                    (a, b) => a!.SequenceEqual(b!),
                    elements => elements.Count,
                    elements => elements.ToList()))
            .HasColumnName("elements");
    }
}
