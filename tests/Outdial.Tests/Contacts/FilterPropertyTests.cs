using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Contacts.Filters;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>
/// Random directories and random filters: the database's answer must equal a straightforward
/// evaluation in memory, on SQLite and on PostgreSQL.
/// </summary>
public sealed class FilterPropertyTests(PostgresServer postgres)
{
    private static readonly string[] FirstNames = ["Jana", "JANA", "jana", "Petr", "Eva", "Žofie", "ŽOFIE", "Ölaf", ""];
    private static readonly string[] LastNames = ["Nováková", "NOVÁKOVÁ", "Novák", "Dvořák", "Černá", "Smith", "O'Brien", ""];
    private static readonly string[] Companies = ["Acme", "acme s.r.o.", "Černá Hora", "<b>Bold</b>", ""];
    private static readonly string[] Emails = ["jana@acme.cz", "JANA@acme.cz", "petr@example.com", "x@černá.cz", "eva@acme.com"];
    private static readonly string[] Phones = ["+420 777 123 456", "777123456", "00420602111222", "+1 212 555 0100", "12345", "+44 20 7946 0958"];
    private static readonly string[] Tiers = ["Gold", "Silver", "Bronze"];
    private static readonly double[] Ages = [0, 18, 19.5, 34, 51, -3];
    private static readonly string[] Days = ["2020-01-01", "2020-05-01", "2021-01-01", "2024-12-31"];

    private static readonly Dictionary<string, ContactField> Fields = new()
    {
        ["age"] = new ContactField("age", "Age", ContactFieldType.Number, null, DateTimeOffset.UnixEpoch),
        ["vip"] = new ContactField("vip", "VIP", ContactFieldType.YesNo, null, DateTimeOffset.UnixEpoch),
        ["tier"] = new ContactField("tier", "Tier", ContactFieldType.OneOf, Tiers, DateTimeOffset.UnixEpoch),
        ["since"] = new ContactField("since", "Since", ContactFieldType.Date, null, DateTimeOffset.UnixEpoch),
        ["note"] = new ContactField("note", "Note", ContactFieldType.Text, null, DateTimeOffset.UnixEpoch),
    };

    private static readonly DirectoryRules Rules = new("CZ", "Europe/Prague", Fields);

    private static Gen<string?> Maybe(string[] values) => Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.OneOf(values).Select(v => (string?)v)));

    private static readonly Gen<ContactInput> ContactGen =
        Gen.Select(Maybe(FirstNames), Maybe(LastNames), Maybe(Companies), Gen.OneOf(Emails).Array[0, 2], Gen.OneOf(Phones).Array[0, 3], CustomGen(),
            (first, last, company, emails, phones, custom) => new ContactInput(first, last, null, company, null, null,
                [.. phones.Select((p, i) => new PhoneInput(p, i == 0 ? "mobile" : "work"))], emails, custom));

    private static Gen<IReadOnlyDictionary<string, string?>> CustomGen() =>
        Gen.Select(
            Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.OneOf(Ages).Select(a => (string?)a.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            Gen.OneOf<string?>(null, "true", "false"),
            Maybe(Tiers),
            Maybe(Days),
            Maybe(["Call after 5", "CALL me", "nothing"]),
            (age, vip, tier, since, note) => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
            {
                ["age"] = age, ["vip"] = vip, ["tier"] = tier, ["since"] = since, ["note"] = note,
            });

    private static readonly Gen<JsonNode> ConditionGen = Gen.OneOf(
        TextCondition("firstName", FirstNames),
        TextCondition("lastName", LastNames),
        TextCondition("company", Companies),
        TextCondition("email", Emails),
        Gen.Select(Gen.OneOf("eq", "neq", "in", "isEmpty", "isNotEmpty"), Gen.OneOf(Phones.Where(p => p != "12345").ToArray()),
            (op, phone) => Condition("phone", op, op == "in" ? new JsonArray(phone) : JsonValue.Create(phone))),
        Gen.Select(Gen.OneOf("startsWith", "contains"), Gen.OneOf("+420", "+1", "00420", "777", "555"), (op, text) => Condition("phone", op, JsonValue.Create(text))),
        Gen.Select(Gen.OneOf("eq", "neq", "gt", "gte", "lt", "lte", "isEmpty", "isNotEmpty"), Gen.OneOf(Ages), (op, age) => Condition("custom.age", op, JsonValue.Create(age))),
        Gen.Select(Gen.OneOf(Ages), Gen.OneOf(Ages), (a, b) => Condition("custom.age", "between", new JsonArray(Math.Min(a, b), Math.Max(a, b)))),
        Gen.Select(Gen.OneOf("eq", "neq", "isEmpty"), Gen.Bool, (op, yes) => Condition("custom.vip", op, JsonValue.Create(yes))),
        Gen.Select(Gen.OneOf("eq", "neq", "in", "isNotEmpty"), Gen.OneOf(Tiers), (op, tier) => Condition("custom.tier", op, op == "in" ? new JsonArray(tier.ToUpperInvariant()) : JsonValue.Create(tier))),
        Gen.Select(Gen.OneOf("eq", "neq", "gt", "lte", "isEmpty"), Gen.OneOf(Days), (op, day) => Condition("custom.since", op, JsonValue.Create(day))),
        Gen.Select(Gen.OneOf("contains", "startsWith", "eq", "isEmpty"), Gen.OneOf("call", "CALL ME", "not"), (op, text) => Condition("custom.note", op, JsonValue.Create(text))));

    private static Gen<JsonNode> TextCondition(string field, string[] values) =>
        Gen.Select(Gen.OneOf("eq", "neq", "contains", "startsWith", "in", "isEmpty", "isNotEmpty"), Gen.OneOf(values.Where(v => v.Length > 0).ToArray()), Gen.Int[1, 3],
            (op, value, length) => Condition(field, op, op switch
            {
                "in" => new JsonArray(value, "nobody"),
                "contains" or "startsWith" => JsonValue.Create(value[..Math.Min(length, value.Length)].ToUpperInvariant()),
                _ => JsonValue.Create(value),
            }));

    private static JsonNode Condition(string field, string op, JsonNode? value) => new JsonObject { ["field"] = field, ["op"] = op, ["value"] = value };

    private static readonly Gen<JsonNode> FilterGen = Gen.Recursive<JsonNode>((depth, inner) => depth >= 3
        ? ConditionGen
        : Gen.Frequency(
            (3, ConditionGen),
            (1, Gen.Select(Gen.Bool, inner.Array[0, 3], (and, children) => (JsonNode)new JsonObject { [and ? "and" : "or"] = new JsonArray([.. children.Select(c => c.DeepClone())]) }))));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_database_and_a_plain_evaluation_agree_on_random_filters(DatabaseProvider provider)
    {
        await Gen.Select(ContactGen.Array[5, 40], FilterGen.Array[25, 25]).SampleAsync(async (inputs, filters) =>
        {
            var database = await TestDatabase.CreateAsync(provider, postgres);
            await using var db = await database.CreateMigratedContextAsync();
            db.ContactFields.AddRange(Fields.Values.Select(f => new ContactField(f.Key, f.Label, f.Type, f.Options, f.CreatedAt)));
            var contacts = inputs.Select(input => Contact.Create(input, Rules, DateTimeOffset.UnixEpoch, out _)).ToList();
            db.Contacts.AddRange(contacts);
            await db.SaveChangesAsync();

            var parser = new ContactFilterParser(Fields, Rules.DefaultRegion);
            foreach (var json in filters)
            {
                var filter = parser.Parse(JsonDocument.Parse(json.ToJsonString()).RootElement);
                var fromDatabase = await db.Contacts.AsNoTracking().Where(ContactFilterExpressions.ToPredicate(filter, db.ContactRows)).Select(c => c.Id).ToListAsync();
                var inMemory = contacts.Where(c => PlainFilter.Matches(filter, c)).Select(c => c.Id);
                Assert.True(inMemory.Order().SequenceEqual(fromDatabase.Order()), $"Filter {json.ToJsonString()} differs: memory {inMemory.Count()}, database {fromDatabase.Count}.");
            }
        }, iter: 12, threads: 1);
    }
}

/// <summary>The filter semantics written out plainly, to check the SQL translation against.</summary>
internal static class PlainFilter
{
    public static bool Matches(FilterNode node, Contact contact) => node switch
    {
        FilterGroup { Children.Count: 0 } => true,
        FilterGroup group => group.IsAnd ? group.Children.All(c => Matches(c, contact)) : group.Children.Any(c => Matches(c, contact)),
        FilterCondition condition => Matches(condition, contact),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static bool Matches(FilterCondition condition, Contact contact)
    {
        var values = ValuesOf(condition, contact);
        return condition.Operator switch
        {
            FilterOperator.IsEmpty => values.Count == 0,
            FilterOperator.IsNotEmpty => values.Count > 0,
            FilterOperator.Neq => !values.Any(v => Equals(v, condition.Values[0])),
            FilterOperator.Eq => values.Any(v => Equals(v, condition.Values[0])),
            FilterOperator.In => values.Any(v => condition.Values.Any(c => Equals(v, c))),
            FilterOperator.Contains => values.Any(v => ((string)v).Contains((string)condition.Values[0], StringComparison.Ordinal)),
            FilterOperator.StartsWith => values.Any(v => ((string)v).StartsWith((string)condition.Values[0], StringComparison.Ordinal)),
            FilterOperator.Gt => values.Any(v => Compare(v, condition.Values[0]) > 0),
            FilterOperator.Gte => values.Any(v => Compare(v, condition.Values[0]) >= 0),
            FilterOperator.Lt => values.Any(v => Compare(v, condition.Values[0]) < 0),
            FilterOperator.Lte => values.Any(v => Compare(v, condition.Values[0]) <= 0),
            FilterOperator.Between => values.Any(v => Compare(v, condition.Values[0]) >= 0 && Compare(v, condition.Values[1]) <= 0),
            _ => throw new ArgumentOutOfRangeException(nameof(condition)),
        };
    }

    private static int Compare(object left, object right) => ((IComparable)left).CompareTo(right);

    /// <summary>The contact's values of the field, lower-cased where the filter ignores case; empty when it has none.</summary>
    private static List<object> ValuesOf(FilterCondition condition, Contact contact)
    {
        static List<object> One(object? value) => value is null ? [] : [value];
        return condition.Field switch
        {
            "firstName" => One(contact.FirstName?.ToLowerInvariant()),
            "lastName" => One(contact.LastName?.ToLowerInvariant()),
            "displayName" => One(contact.DisplayName.ToLowerInvariant()),
            "company" => One(contact.Company?.ToLowerInvariant()),
            "externalId" => One(contact.ExternalId?.ToLowerInvariant()),
            "timeZone" => One(contact.TimeZone),
            "createdAt" => One(contact.CreatedAt),
            "updatedAt" => One(contact.UpdatedAt),
            "email" => [.. contact.Emails.Select(e => e.Address.ToLowerInvariant())],
            "phone" when condition.Operator is FilterOperator.IsEmpty or FilterOperator.IsNotEmpty => [.. contact.Phones.Select(p => p.Original)],
            "phone" => [.. contact.Phones.Where(p => p.E164 is not null).Select(p => p.E164!)],
            _ => [.. contact.Values.Where(v => v.FieldKey == condition.CustomKey).Select(v => condition.Kind switch
            {
                FilterFieldKind.Number => (object)v.Number!.Value,
                FilterFieldKind.Date => v.Date!.Value,
                FilterFieldKind.YesNo => v.YesNo!.Value,
                FilterFieldKind.OneOf => v.Text!,
                _ => v.Text!.ToLowerInvariant(),
            })],
        };
    }
}
