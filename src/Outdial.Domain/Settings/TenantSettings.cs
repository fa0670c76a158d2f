using Outdial.Contacts;

namespace Outdial.Settings;

/// <summary>Settings of the tenant (the contact centre) that many features read. One row.</summary>
public sealed class TenantSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    /// <summary>ISO 3166 region used to read phone numbers written without a country code.</summary>
    public string DefaultRegion { get; private set; } = "CZ";

    /// <summary>IANA time zone for contacts whose own zone is not known.</summary>
    public string DefaultTimeZone { get; private set; } = "Europe/Prague";

    /// <summary>When contacts may be called, in their own time zone; campaigns start from these.</summary>
    public CallingHours CallingHours { get; private set; } = CallingHours.Default;

    /// <summary>The most abandoned calls allowed, as a share of live-answered calls (default 3 %).</summary>
    public double AbandonRateCap { get; private set; } = 0.03;

    /// <summary>When off, campaigns disappear from the UI and their API answers that the feature is turned off.</summary>
    public bool CampaignsEnabled { get; private set; } = true;

    public const double MaxAbandonRateCap = 0.10;

    public void ChangeDialling(CallingHours callingHours, double abandonRateCap, bool campaignsEnabled)
    {
        if (abandonRateCap is <= 0 or > MaxAbandonRateCap || double.IsNaN(abandonRateCap))
        {
            throw new InvalidInputProblem("abandonRateCapPercent", $"The abandon-rate cap is above 0 and at most {MaxAbandonRateCap:P0}; regulators commonly require 3 %.");
        }

        if (callingHours.Days.Count == 0)
        {
            throw new InvalidInputProblem("callingHours", "Give at least one day calling hours: campaigns that keep the tenant's hours could never call anyone.");
        }

        CallingHours = callingHours;
        AbandonRateCap = abandonRateCap;
        CampaignsEnabled = campaignsEnabled;
    }

    public void Change(string defaultRegion, string defaultTimeZone)
    {
        var errors = new Dictionary<string, string[]>();
        var region = defaultRegion.Trim().ToUpperInvariant();
        if (!PhoneNumber.IsKnownRegion(region))
        {
            errors["defaultRegion"] = [$"'{defaultRegion}' is not a region code; use a two-letter code such as CZ, SK, DE or US."];
        }

        if (!TimeZones.IsKnown(defaultTimeZone.Trim()))
        {
            errors["defaultTimeZone"] = [$"'{defaultTimeZone}' is not a time zone; use an IANA id such as Europe/Prague."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputProblem(errors);
        }

        DefaultRegion = region;
        DefaultTimeZone = defaultTimeZone.Trim();
    }
}
