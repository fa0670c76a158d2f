namespace Outdial.Contacts.Filters;

/// <summary>The sources of a contact's multi-valued fields, as the database exposes them.</summary>
public sealed record ContactRows(IQueryable<ContactPhone> Phones, IQueryable<ContactEmail> Emails, IQueryable<ContactFieldValue> Values);
