using Microsoft.EntityFrameworkCore;
using Outdial.Contacts;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Contacts;

/// <summary>One custom value set on its own (as rules do), leaving the rest of the contact as it is.</summary>
public sealed class CustomValueTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Setting_one_custom_value_keeps_the_rest_of_the_contact(DatabaseProvider provider)
    {
        await using var app = await OutdialApp.StartAsync(provider, postgres);
        var fields = app.Get<ContactFields>();
        await fields.CreateAsync("tier", "Tier", ContactFieldType.Text, null, Cancel);
        await fields.CreateAsync("score", "Score", ContactFieldType.Number, null, Cancel);
        var directory = app.Get<ContactDirectory>();
        var saved = await directory.CreateAsync(new ContactInput("Jana", "Nováková", Phones: [new("777100001", "mobile")], Custom: new Dictionary<string, string?> { ["tier"] = "gold" }), Actor.System, Cancel);

        await directory.SetCustomValueAsync(saved.Contact.Id, "score", "42", new Actor(null, "Campaign Winter"), Cancel);
        await directory.SetCustomValueAsync(saved.Contact.Id, "score", "43", new Actor(null, "Campaign Winter"), Cancel);

        var contact = await directory.GetAsync(saved.Contact.Id, Cancel);
        Assert.Equal(("Jana", "+420777100001"), (contact.FirstName, contact.Phones.Single().E164));
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold", ["score"] = "43" }, contact.Values.ToDictionary(v => v.FieldKey, v => v.Value.ToString()));
        await using var db = app.Database.CreateContext();
        Assert.Equal(2, await db.ContactEvents.CountAsync(e => e.ContactId == saved.Contact.Id && e.Text.Contains("Campaign Winter"), Cancel));
    }

    [Fact]
    public async Task An_unknown_field_a_value_of_the_wrong_type_and_an_unknown_contact_are_refused()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        await app.Get<ContactFields>().CreateAsync("score", "Score", ContactFieldType.Number, null, Cancel);
        var directory = app.Get<ContactDirectory>();
        var saved = await directory.CreateAsync(new ContactInput("Jana"), Actor.System, Cancel);

        var unknownField = await Assert.ThrowsAsync<InvalidInputProblem>(() => directory.SetCustomValueAsync(saved.Contact.Id, "shoeSize", "42", Actor.System, Cancel));
        var wrongType = await Assert.ThrowsAsync<InvalidInputProblem>(() => directory.SetCustomValueAsync(saved.Contact.Id, "score", "many", Actor.System, Cancel));
        await Assert.ThrowsAsync<NotFoundProblem>(() => directory.SetCustomValueAsync(Guid.NewGuid(), "score", "1", Actor.System, Cancel));

        Assert.Contains("custom:shoeSize", unknownField.Errors.Keys);
        Assert.Contains("custom:score", wrongType.Errors.Keys);
    }
}
