namespace Outdial.Contacts;

/// <summary>
/// The value of one custom field for one contact. One row per value, with a column per type, so
/// that filters on custom fields run as ordinary indexed SQL on every database.
/// </summary>
public sealed class ContactFieldValue
{
    private ContactFieldValue()
    {
    }

    public ContactFieldValue(string fieldKey, FieldValue value)
    {
        FieldKey = fieldKey;
        Text = value.Text;
        TextSearch = value.Text?.ToLowerInvariant();
        Number = value.Number;
        Date = value.Date;
        YesNo = value.YesNo;
    }

    public Guid ContactId { get; private set; }

    public string FieldKey { get; private set; } = "";

    public string? Text { get; private set; }

    /// <summary>Lower-case copy of <see cref="Text"/> for case-insensitive filters that behave alike on every database.</summary>
    public string? TextSearch { get; private set; }

    public double? Number { get; private set; }

    public DateOnly? Date { get; private set; }

    public bool? YesNo { get; private set; }

    public FieldValue Value => new(Text, Number, Date, YesNo);
}
