namespace Outdial.Telephony.Sip.Tests;

/// <summary>SIPp server scenarios playing the carrier, built from a few reusable steps.</summary>
internal static class SippScenarios
{
    public static string Scenario(params string[] steps) =>
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"outdial\">\n" + string.Join("\n", steps) + "\n</scenario>\n";

    /// <summary>Receives an INVITE and keeps its From, To and Contact for a BYE from this side.</summary>
    public const string ReceiveInvite = """
        <recv request="INVITE" crlf="true">
          <action>
            <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from"/>
            <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to"/>
            <ereg regexp="sip:[^>]*" search_in="hdr" header="Contact:" assign_to="contact"/>
            <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="invitecseq"/>
            <log message="INVITE from [$from] to [$to] contact [$contact] cseq [$invitecseq]"/>
          </action>
        </recv>
        """;

    public const string ReceiveAck = """<recv request="ACK" crlf="true"/>""";

    public static string Pause(int milliseconds) => $"""<pause milliseconds="{milliseconds}"/>""";

    /// <summary>A response to the last request; with <paramref name="sdp"/> an audio answer. A 2xx to an INVITE is retransmitted until its ACK.</summary>
    public static string Reply(int status, string reason, bool sdp = false, string extraHeaders = "", bool retransmit = true)
    {
        string[] lines =
        [
            $"SIP/2.0 {status} {reason}",
            "[last_Via:]",
            "[last_From:]",
            "[last_To:];tag=[pid]SIPpTag01[call_number]",
            "[last_Call-ID:]",
            "[last_CSeq:]",
            "Contact: <sip:[local_ip]:[local_port];transport=[transport]>",
            .. extraHeaders.Length > 0 ? [extraHeaders] : Array.Empty<string>(),
            .. sdp ? ["Content-Type: application/sdp"] : Array.Empty<string>(),
            "Content-Length: [len]",
        ];
        var retransmission = retransmit && status is >= 200 and < 300 ? " retrans=\"500\"" : "";
        return $"<send{retransmission}>\n<![CDATA[\n" + string.Join("\n", lines) + "\n" + (sdp ? Sdp : "") + "\n]]>\n</send>";
    }

    private const string Sdp = """

        v=0
        o=carrier 53655765 2353687637 IN IP4 [local_ip]
        s=-
        c=IN IP4 [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        """;

    /// <summary>The carrier hangs up: a BYE in the dialog, then the 200 for it.</summary>
    public const string SendBye = """
        <send retrans="500">
          <![CDATA[
            BYE [$contact] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From:[$to];tag=[pid]SIPpTag01[call_number]
            To:[$from]
            Call-ID: [call_id]
            CSeq: 1 BYE
            Max-Forwards: 70
            Content-Length: 0
          ]]>
        </send>
        <recv response="200"/>
        """;

    /// <summary>Receives our BYE and answers 200.</summary>
    public static readonly string ReceiveBye = """<recv request="BYE"/>""" + "\n" + Reply(200, "OK", retransmit: false);

    /// <summary>Receives our CANCEL, answers it 200 and the INVITE 487, and takes the ACK.</summary>
    public static readonly string ReceiveCancel = """<recv request="CANCEL"/>""" + "\n" + Reply(200, "OK", retransmit: false) + "\n" + """
        <send>
          <![CDATA[
            SIP/2.0 487 Request Terminated
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            CSeq: [$invitecseq] INVITE
            Content-Length: 0
          ]]>
        </send>
        """ + "\n" + ReceiveAck;

    /// <summary>A complete refusal: INVITE, optional 180, the error, the ACK.</summary>
    public static string Refuse(int status, string reason, bool ring = true) => Scenario(
        ReceiveInvite,
        ring ? Reply(180, "Ringing") : "",
        Reply(status, reason),
        ReceiveAck);

    public static string AnswerThenRemoteBye(int ringMilliseconds, int talkMilliseconds) => Scenario(
        ReceiveInvite,
        Reply(180, "Ringing"),
        Pause(ringMilliseconds),
        Reply(200, "OK", sdp: true),
        ReceiveAck,
        Pause(talkMilliseconds),
        SendBye);

    /// <summary>Answers, then challenges our BYE once (407) and accepts the BYE that carries credentials.</summary>
    public static string AnswerThenChallengeBye() => Scenario(
        ReceiveInvite,
        Reply(200, "OK", sdp: true),
        ReceiveAck,
        "<recv request=\"BYE\"/>",
        Reply(407, "Proxy Authentication Required", extraHeaders: "Proxy-Authenticate: Digest realm=\"carrier\", nonce=\"bye-nonce-1\", qop=\"auth\", algorithm=MD5", retransmit: false),
        ReceiveBye);

    public static string AnswerThenLocalBye(int ringMilliseconds) => Scenario(
        ReceiveInvite,
        Reply(180, "Ringing"),
        Pause(ringMilliseconds),
        Reply(200, "OK", sdp: true),
        ReceiveAck,
        ReceiveBye);
}
