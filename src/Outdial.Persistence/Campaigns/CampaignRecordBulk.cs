using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Outdial.Campaigns;

namespace Outdial.Persistence.Campaigns;

/// <summary>
/// Creates a campaign's records in the database with one <c>INSERT … SELECT</c>, never reading the
/// contacts into memory (docs/campaigns.md): the contacts come from an EF query (the campaign's
/// filter, translated by EF with its parameters), the phone is chosen by a correlated subquery
/// exactly as <see cref="CampaignRecord.For"/> chooses it, and the order follows the directory's
/// (oldest contact first). Contacts already in the campaign are left out.
/// </summary>
public static class CampaignRecordBulk
{
    /// <param name="contactIds">The contacts to add, as an EF query of their ids (any filter).</param>
    /// <param name="phoneLabel">The phone label to dial (compared case-insensitively), or <c>null</c> for the first valid phone.</param>
    /// <param name="afterOrder">The records' order numbers start after this one.</param>
    /// <returns>The number of records created.</returns>
    public static async Task<int> InsertAsync(
        OutdialDbContext db, IQueryable<Guid> contactIds, Guid campaignId, string? phoneLabel, long afterOrder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = contactIds.CreateDbCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var record = db.Model.FindEntityType(typeof(CampaignRecord))!;
            void Add(string name, string property, object? value) =>
                command.Parameters.Add(record.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(command, name, value));
            Add("@bulk_campaign", nameof(CampaignRecord.CampaignId), campaignId);
            Add("@bulk_after", nameof(CampaignRecord.Order), afterOrder);
            Add("@bulk_now", nameof(CampaignRecord.CreatedAt), now);
            var text = db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(string))!;
            command.Parameters.Add(text.CreateParameter(command, "@bulk_label", phoneLabel?.ToLowerInvariant()));

            var newId = db.Database.IsNpgsql()
                ? "gen_random_uuid()"
                // EF keeps a Guid on SQLite as upper-case text: 8-4-4-4-12 hex digits, version 4.
                : "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";
            command.CommandText = $"""
                WITH chosen(contact_id) AS (
                {command.CommandText}
                )
                INSERT INTO campaign_records (id, campaign_id, contact_id, "order", phone, state, attempts, rejections, created_at, updated_at)
                SELECT {newId}, @bulk_campaign, x.contact_id, @bulk_after + ROW_NUMBER() OVER (ORDER BY x.created_at, x.contact_id), x.phone,
                       CASE WHEN x.phone IS NULL THEN '{nameof(CampaignRecordState.InvalidRecord)}' ELSE '{nameof(CampaignRecordState.Initial)}' END, 0, 0, @bulk_now, @bulk_now
                FROM (
                    SELECT c.id AS contact_id, c.created_at AS created_at,
                           (SELECT p.e164 FROM contact_phones p
                             WHERE p.contact_id = c.id AND p.e164 IS NOT NULL AND (@bulk_label IS NULL OR lower(p.label) = @bulk_label)
                             ORDER BY p.position LIMIT 1) AS phone
                    FROM contacts c
                    WHERE c.id IN (SELECT contact_id FROM chosen)
                      AND NOT EXISTS (SELECT 1 FROM campaign_records r WHERE r.campaign_id = @bulk_campaign AND r.contact_id = c.id)
                ) AS x
                """;
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
