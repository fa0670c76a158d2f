using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Outdial.Campaigns;
using Outdial.Settings;

namespace Outdial.Persistence.Campaigns;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new CallingHoursConverter() },
    };

    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => c.State);
        builder.HasIndex(c => c.RoutingGroupId);

        // The settings are one document: read and written whole, never queried inside.
        builder.Property(c => c.Settings)
            .HasConversion(
                settings => JsonSerializer.Serialize(settings, Json),
                text => JsonSerializer.Deserialize<CampaignSettings>(text, Json)!,
                new ValueComparer<CampaignSettings>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    settings => JsonSerializer.Serialize(settings, Json).GetHashCode(StringComparison.Ordinal),
                    settings => JsonSerializer.Deserialize<CampaignSettings>(JsonSerializer.Serialize(settings, Json), Json)!))
            .HasColumnName("settings");
    }

    /// <summary>Calling hours travel in their text form ("Mon 08:00-21:00; …").</summary>
    private sealed class CallingHoursConverter : JsonConverter<CallingHours>
    {
        public override CallingHours Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CallingHours.Parse(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, CallingHours value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
