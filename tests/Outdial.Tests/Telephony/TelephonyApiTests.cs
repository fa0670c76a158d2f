using System.Net.Http.Json;
using Outdial.Engine;
using Outdial.Persistence;
using Outdial.Testing;

namespace Outdial.Tests.Telephony;

public sealed class TelephonyApiTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_server_says_it_dials_a_simulated_carrier()
    {
        await using var app = await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres);
        var admin = await app.AdministratorClientAsync();

        var status = await admin.GetFromJsonAsync<TelephonyStatus>("/api/v1/telephony", JsonDefaults.Options, Cancel);

        Assert.Equal("Simulated", status!.Provider);
        Assert.Contains("no real phone is called", status.Description, StringComparison.Ordinal);
        Assert.Null(status.Listening);
        Assert.Empty(status.Trunks);
    }

    [Theory]
    [InlineData("Telephony:Provider", "Asterisk", "Use Simulated (the default) or Sip")]
    [InlineData("Telephony:Sip:Listen", "localhost", "write an IP address and a port")]
    [InlineData("Telephony:Sip:Listen", "0.0.0.0:0", "set Telephony:Sip:PublicAddress")]
    [InlineData("Telephony:Sip:Trunks:0:Address", "carrier.example.com", "write it as sip:HOST:PORT")]
    [InlineData("Telephony:Sip:Trunks:0:Transport", "tls", "use udp or tcp")]
    [InlineData("Telephony:Sip:Trunks:0:NumberFormat", "00", "must contain {e164} or {digits}")]
    public async Task A_server_with_impossible_telephony_settings_refuses_to_start_and_says_what_to_fix(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telephony:Provider"] = "Sip",
            ["Telephony:Sip:Listen"] = "127.0.0.1:0",
            ["Telephony:Sip:Trunks:0:Address"] = "sip:127.0.0.1:5999",
            [key] = value,
        };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await (await OutdialApp.StartAsync(DatabaseProvider.Sqlite, postgres, settings)).DisposeAsync());

        Assert.Contains(expected, failure.ToString(), StringComparison.Ordinal);
    }
}
