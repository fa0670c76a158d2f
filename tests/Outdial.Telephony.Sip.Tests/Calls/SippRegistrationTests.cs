using Outdial.Testing.Sip;
using static Outdial.Telephony.Sip.Tests.SippScenarios;

namespace Outdial.Telephony.Sip.Tests.Calls;

public class SippRegistrationTests
{
    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (var attempt = 0; attempt < 300 && !condition(); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task Registration_answers_the_401_refreshes_before_expiry_and_unregisters_on_dispose()
    {
        const string Challenge = "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"reg1\", qop=\"auth\", algorithm=MD5"; // SIPp verifies MD5 only; SHA-256 is checked against RFC 7616
        await using var sipp = await SippPeer.StartAsync(Scenario(
            """<recv request="REGISTER"/>""",
            Reply(401, "Unauthorized", extraHeaders: Challenge),
            """
            <recv request="REGISTER">
              <action><verifyauth assign_to="authvalid" username="outdial" password="s3cret"/></action>
            </recv>
            <nop test="authvalid" next="good"/>
            """,
            Reply(403, "Forbidden"),
            """<nop next="done"/>""",
            """<label id="good"/>""",
            Reply(200, "OK", extraHeaders: "Expires: 2", retransmit: false),
            """<recv request="REGISTER"/>""",
            Reply(200, "OK", extraHeaders: "Expires: 2", retransmit: false),
            """<recv request="REGISTER"/>""",
            Reply(200, "OK", retransmit: false),
            """<label id="done"/>"""));
        await using var agent = await CallKit.StartAgentAsync();

        var registration = agent.Register($"sip:127.0.0.1:{sipp.Port}", "sip:outdial@127.0.0.1", new SipCredentials("outdial", "s3cret"), TimeSpan.FromSeconds(60));
        await Eventually(() => registration.IsRegistered, "registered after the challenge");
        await Eventually(() => sipp.Received("REGISTER") >= 3, "refreshed at 80 % of the 2 s granted");
        await registration.DisposeAsync();

        Assert.Null(registration.LastError);
        Assert.False(registration.IsRegistered);
        Assert.Equal(0, await sipp.WaitForExitAsync());
        Assert.Equal(4, sipp.Received("REGISTER"));
        Assert.Contains("Expires: 0", File.ReadAllText(sipp.MessageLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_registration_reports_the_status_as_its_last_error()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario("""<recv request="REGISTER"/>""", Reply(403, "Forbidden")));
        await using var agent = await CallKit.StartAgentAsync();

        var registration = agent.Register($"sip:127.0.0.1:{sipp.Port}", "sip:outdial@127.0.0.1", null, TimeSpan.FromSeconds(60));
        await Eventually(() => registration.LastError is not null, "the refusal is reported");

        Assert.Equal("403 Forbidden", registration.LastError);
        Assert.False(registration.IsRegistered);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }
}
