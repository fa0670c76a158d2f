using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;

namespace Outdial.Bench;

/// <summary>Fills a directory for benchmarks (shared by bench/ContactFilters and bench/CampaignStart).</summary>
public static class DirectoryFill
{
    // The SQL below is built from this program's own constants, never from input.
    // Generates the directory inside the database (INSERT … SELECT over a number series): a million
    // contacts in seconds instead of the half hour that row-by-row inserts take. The columns are the
    // ones the domain writes (lower-case search copies, E.164 phones, typed custom values).
    public static async Task FillAsync(IDbContextFactory<OutdialDbContext> factory, int count)
    {
        string[] first = ["Jana", "Petr", "Eva", "Jan", "Marie", "Tomáš", "Lucie", "Martin", "Kateřina", "Pavel", "Žofie", "Jiří"];
        string[] last = ["Nováková", "Novák", "Dvořák", "Černá", "Svoboda", "Procházková", "Kučera", "Veselý", "Horáková", "Němec", "Marek", "Pokorná",
            "Pospíšil", "Hájek", "Jelínek", "Král", "Růžička", "Beneš", "Fiala", "Sedláček", "Doležal", "Zeman", "Kolář", "Navrátil"];
        await using var db = await factory.CreateDbContextAsync();
        db.ContactFields.Add(new ContactField("tier", "Tier", ContactFieldType.OneOf, ["Gold", "Silver", "Bronze"], DateTimeOffset.UtcNow));
        db.ContactFields.Add(new ContactField("age", "Age", ContactFieldType.Number, null, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();

        var names = string.Join(", ", Enumerable.Range(0, first.Length * last.Length).Select(k =>
        {
            var (f, l) = (first[k % first.Length], last[k / first.Length]);
            return $"({k}, '{f}', '{f.ToLowerInvariant()}', '{l}', '{l.ToLowerInvariant()}')";
        }));
        var combinations = first.Length * last.Length;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var sqlite = db.Database.IsSqlite();
        var now = sqlite
            ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!.ToString()
            : "now()";
        var uuid = sqlite
            ? "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
            : "gen_random_uuid()";
        var series = sqlite
            ? $"WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {count - 1}), names(k, f, fl, l, ll) AS (VALUES {names})"
            : $"WITH seq(i) AS (SELECT generate_series(0, {count - 1})), names(k, f, fl, l, ll) AS (VALUES {names})";
        var random = sqlite ? "abs(random())" : "floor(random() * 2147483647)::bigint";
        var modulo = sqlite ? "%" : "%";
        await using var transaction = await db.Database.BeginTransactionAsync();
        var sql1 = $"""
            {series}
            INSERT INTO contacts (id, first_name, last_name, display_name, company, external_id, time_zone, time_zone_is_explicit, created_at, updated_at,
                                  first_name_search, last_name_search, display_name_search, company_search, external_id_search)
            SELECT {uuid}, f, l, f || ' ' || l, NULL, NULL, 'Europe/Prague', {(sqlite ? "0" : "false")}, {now}, {now}, fl, ll, fl || ' ' || ll, NULL, NULL
            FROM (SELECT i, {random} {modulo} {combinations} AS r FROM seq) picked JOIN names ON k = r
            """;
        await db.Database.ExecuteSqlRawAsync(sql1);
        var sql2 = $"""
            INSERT INTO contact_phones (id, contact_id, label, original, e164, position)
            SELECT {uuid}, id, 'mobile', p, p, 0 FROM (SELECT id, '+4207' || ({random} {modulo} 90000000 + 10000000) AS p FROM contacts) numbered
            """;
        await db.Database.ExecuteSqlRawAsync(sql2);
        var sql3 = $"""
            INSERT INTO contact_emails (id, contact_id, address, normalized, position)
            SELECT {uuid}, id, lower(substr(replace(id, '-', ''), 1, 12)) || '@example.com', lower(substr(replace(id, '-', ''), 1, 12)) || '@example.com', 0
            FROM (SELECT {(sqlite ? "id" : "id::text AS id")} , id AS cid FROM contacts) c
            """.Replace("SELECT " + uuid + ", id,", "SELECT " + uuid + ", cid,");
        await db.Database.ExecuteSqlRawAsync(sql3);
        var sql4 = $"""
            INSERT INTO contact_field_values (contact_id, field_key, text, text_search, number, date, yes_no)
            SELECT id, 'tier', t, lower(t), NULL, NULL, NULL
            FROM (SELECT id, CASE {random} {modulo} 3 WHEN 0 THEN 'Gold' WHEN 1 THEN 'Silver' ELSE 'Bronze' END AS t FROM contacts) tiers
            """;
        await db.Database.ExecuteSqlRawAsync(sql4);
        var sql5 = $"""
            INSERT INTO contact_field_values (contact_id, field_key, text, text_search, number, date, yes_no)
            SELECT id, 'age', NULL, NULL, 18 + ({random} {modulo} 72), NULL, NULL FROM contacts
            """;
        await db.Database.ExecuteSqlRawAsync(sql5);
        await transaction.CommitAsync();
        await db.Database.ExecuteSqlRawAsync(sqlite ? "ANALYZE" : "ANALYZE");
    }
}
