using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Outdial.Engine;
using Outdial.Identity;
using Outdial.Persistence;
using Outdial.Testing;
using Outdial.Testing.Sip;
using Outdial.Tests.Engine;

namespace Outdial.Tests.Telephony;

/// <summary>
/// The engine dialling through the built-in SIP provider: SIPp plays the carrier and the customer's
/// phone, baresip the operator's auto-answering phone; everything on 127.0.0.1, ports chosen now.
/// </summary>
public sealed class SipCampaignTests(PostgresServer postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Head = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="customer">
        """;

    /// <summary>The customer's phone rings and answers Outdial's placeholder offer.</summary>
    private const string Answers = """
          <recv request="INVITE" crlf="true"/>
          <send><![CDATA[
        SIP/2.0 180 Ringing
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:customer@[local_ip]:[local_port]>
        Content-Length: 0

        ]]></send>
          <pause milliseconds="200"/>
          <send retrans="500"><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:customer@[local_ip]:[local_port]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=customer 1 1 IN IP4 [media_ip]
        s=-
        c=IN IP4 [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        ]]></send>
          <recv request="ACK"/>
        """;

    /// <summary>The re-INVITE carrying the operator phone's offer is accepted; then the customer talks (streams a tone).</summary>
    private const string JoinedAndTalks = """
          <recv request="INVITE"/>
          <send retrans="500"><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:customer@[local_ip]:[local_port]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=customer 1 2 IN IP4 [media_ip]
        s=-
        c=IN IP4 [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        ]]></send>
          <recv request="ACK"/>
          <nop><action><exec rtp_stream="FOLDER/voice.ulaw,1,0"/></action></nop>
        """;

    /// <summary>Outdial hangs up.</summary>
    private const string HearsBye = """
          <recv request="BYE"/>
          <send><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]></send>
        </scenario>
        """;

    /// <summary>A carrier that answers every INVITE with <c>STATUS</c>.</summary>
    private const string Refuses = """
          <recv request="INVITE"/>
          <send><![CDATA[
        SIP/2.0 STATUS
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]></send>
          <recv request="ACK"/>
        </scenario>
        """;

    private static string Customer => Head + Answers + JoinedAndTalks + HearsBye;

    private static string CarrierRefuses(string status) => Head + Refuses.Replace("STATUS", status, StringComparison.Ordinal);

    private static IReadOnlyDictionary<string, byte[]> CustomerVoice => new Dictionary<string, byte[]> { ["voice.ulaw"] = Wave.ToneMuLaw(300, 10) };

    private static Dictionary<string, string?> SipSettings(params SippPeer[] trunks)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telephony:Provider"] = "Sip",
            ["Telephony:Sip:Listen"] = "127.0.0.1:0",
            ["Telephony:Sip:T1Ms"] = "100",
        };
        for (var i = 0; i < trunks.Length; i++)
        {
            settings[$"Telephony:Sip:Trunks:{i}:Address"] = $"sip:{trunks[i].HostPort}";
        }

        return settings;
    }

    private static async Task<(Guid GroupId, HttpClient Operator)> OperatorWithPhoneAsync(EngineFixture engine, string? phoneAddress)
    {
        var (groupId, operators) = await engine.OperatorsAsync(1, acwSeconds: 30);
        var user = operators[0].User;
        await engine.App.Get<UserAccounts>().UpdateAsync(user.Id, new UserChanges(user.Name, user.Email, [Role.OperatorId], true, phoneAddress), actingUserId: Guid.Empty, Cancel);
        return (groupId, operators[0].Client);
    }

    private static Task<DeskApi.DeskResponse> DeskAsync(HttpClient client, Func<DeskApi.DeskResponse, bool> condition) => EngineFixture.EventuallyAsync(
        async () => (await client.GetFromJsonAsync<DeskApi.DeskResponse>("/api/v1/desk", JsonDefaults.Options, Cancel))!, condition, TimeSpan.FromSeconds(40));

    [Fact]
    public async Task An_answered_predictive_call_is_joined_to_the_operators_phone_and_audio_flows()
    {
        await using var phone = await BaresipPhone.StartAsync(toneSeconds: 4);
        await using var customer = await SippPeer.StartAsync(Customer, files: CustomerVoice);
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, settings: SipSettings(customer));
        var (groupId, client) = await OperatorWithPhoneAsync(engine, phone.Address);
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "predictive", maxAttempts: 1);

        await EngineFixture.GoOnlineAsync(client);

        var connected = await DeskAsync(client, d => d.Stage == DeskStage.Connected);
        Assert.Equal("Answered", connected.DialResult);
        var status = await engine.Admin.GetFromJsonAsync<TelephonyStatus>("/api/v1/telephony", JsonDefaults.Options, Cancel);
        Assert.Equal("Sip", status!.Provider);
        Assert.StartsWith("127.0.0.1:", status.Listening, StringComparison.Ordinal);
        Assert.Equal($"sip:{customer.HostPort}", Assert.Single(status.Trunks).Address);

        // baresip hangs up when its tone ends: Outdial ends the customer's leg (SIPp gets the BYE) and the session goes to wrap-up.
        Assert.True(await customer.WaitForExitAsync(TimeSpan.FromSeconds(40)) == 0, $"SIPp: {customer.Output}\n{customer.Errors}\nbaresip: {phone.Log}");
        await DeskAsync(client, d => d.Stage == DeskStage.WrapUp);
        var loudness = phone.ReceivedLoudness();
        Assert.True(loudness > 1000, $"The operator's phone heard no customer (RMS {loudness:F0}). baresip: {phone.Log}");

        await using var db = engine.App.Database.CreateContext();
        var attempt = await db.CampaignAttempts.AsNoTracking().SingleAsync(a => a.CampaignId == campaignId, Cancel);
        Assert.Equal("Answered", attempt.DialResult);
        Assert.NotNull(attempt.ConnectedAt);
        Assert.NotNull(attempt.EndedAt);
    }

    [Fact]
    public async Task A_preview_call_reaches_the_operators_phone_and_hanging_up_on_the_desk_ends_both_legs()
    {
        await using var phone = await BaresipPhone.StartAsync(toneSeconds: 60);
        await using var customer = await SippPeer.StartAsync(Customer, files: CustomerVoice);
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, settings: SipSettings(customer));
        var (groupId, client) = await OperatorWithPhoneAsync(engine, phone.Address);
        await engine.AddContactsAsync(1);
        await engine.StartCampaignAsync(groupId, "preview", bcwSeconds: 600);
        await EngineFixture.GoOnlineAsync(client);

        var offered = await DeskAsync(client, d => d.Stage == DeskStage.Offered);
        (await client.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/accept", null, Cancel)).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/call-now", null, Cancel)).EnsureSuccessStatusCode();

        // The customer answers; the call is joined to the operator's phone, which says so on the desk.
        await DeskAsync(client, d => d.Stage == DeskStage.Connected && d.Notice == "The call is on your phone.");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        (await client.PostAsync($"/api/v1/desk/sessions/{offered.SessionId}/hang-up", null, Cancel)).EnsureSuccessStatusCode();

        Assert.True(await customer.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, $"SIPp: {customer.Output}\n{customer.Errors}");
        await DeskAsync(client, d => d.Stage == DeskStage.WrapUp);
        var loudness = phone.ReceivedLoudness();
        Assert.True(loudness > 1000, $"The operator's phone heard no customer (RMS {loudness:F0}). baresip: {phone.Log}");
        await EngineFixture.EventuallyAsync(() => Task.FromResult(phone.Log), log => log.Contains("terminated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trunk_that_answers_503_hands_the_call_to_the_next_trunk()
    {
        await using var phone = await BaresipPhone.StartAsync(toneSeconds: 2);
        await using var broken = await SippPeer.StartAsync(CarrierRefuses("503 Service Unavailable"));
        await using var customer = await SippPeer.StartAsync(Customer, files: CustomerVoice);
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, settings: SipSettings(broken, customer));
        var (groupId, client) = await OperatorWithPhoneAsync(engine, phone.Address);
        await engine.AddContactsAsync(1);
        await engine.StartCampaignAsync(groupId, "predictive", maxAttempts: 1);

        await EngineFixture.GoOnlineAsync(client);

        Assert.Equal(0, await broken.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Answered", (await DeskAsync(client, d => d.Stage is DeskStage.Connected or DeskStage.WrapUp && d.DialResult is not null)).DialResult);
        Assert.True(await customer.WaitForExitAsync(TimeSpan.FromSeconds(40)) == 0, $"SIPp: {customer.Output}\n{customer.Errors}");
    }

    [Theory]
    [InlineData("486 Busy Here", "Busy")]
    [InlineData("603 Decline", "Rejected")]
    [InlineData("404 Not Found", "InvalidNumber")]
    [InlineData("480 Temporarily Unavailable", "NoAnswer")]
    public async Task A_refused_call_reaches_the_record_as_the_ports_reason(string status, string dialResult)
    {
        await using var carrier = await SippPeer.StartAsync(CarrierRefuses(status));
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, settings: SipSettings(carrier));
        var (groupId, client) = await OperatorWithPhoneAsync(engine, "sip:nobody@127.0.0.1:9");
        await engine.AddContactsAsync(1);
        var campaignId = await engine.StartCampaignAsync(groupId, "predictive", maxAttempts: 1);

        await EngineFixture.GoOnlineAsync(client);

        Assert.Equal(0, await carrier.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var attempt = await EngineFixture.EventuallyAsync(
            async () =>
            {
                await using var db = engine.App.Database.CreateContext();
                return await db.CampaignAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.CampaignId == campaignId, Cancel);
            },
            a => a?.EndedAt is not null);
        Assert.Equal(dialResult, attempt!.DialResult);
        Assert.Null(attempt.ConnectedAt);
    }

    [Fact]
    public async Task An_operator_without_a_phone_address_is_told_and_the_customer_is_hung_up()
    {
        await using var customer = await SippPeer.StartAsync(Head + Answers + HearsBye);
        await using var engine = await EngineFixture.StartAsync(DatabaseProvider.Sqlite, postgres, settings: SipSettings(customer));
        var (groupId, client) = await OperatorWithPhoneAsync(engine, phoneAddress: null);
        await engine.AddContactsAsync(1);
        await engine.StartCampaignAsync(groupId, "predictive", maxAttempts: 1);

        await EngineFixture.GoOnlineAsync(client);

        var desk = await DeskAsync(client, d => d.Notice?.Contains("phone address", StringComparison.Ordinal) == true);
        Assert.Contains("profile", desk.Notice, StringComparison.Ordinal);
        Assert.True(await customer.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, $"SIPp: {customer.Output}\n{customer.Errors}");
    }
}
