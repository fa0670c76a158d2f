using System.Text;
using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Tests.Messages;

public class SipParserTests
{
    internal const string Invite =
        "INVITE sip:+420777123456@127.0.0.1:5080 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: \"Outdial\" <sip:+420222333444@127.0.0.1>;tag=f1\r\n" +
        "To: <sip:+420777123456@127.0.0.1:5080>\r\n" +
        "Call-ID: c1@outdial\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:outdial@127.0.0.1:5070>\r\n" +
        "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    [Fact]
    public void Request_headers_are_parsed_into_typed_values()
    {
        var request = Assert.IsType<SipRequest>(SipParser.Parse(Invite).Message);

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("+420777123456", request.RequestUri.User);
        Assert.Equal(5080, request.RequestUri.Port);
        Assert.Equal("z9hG4bKabc", request.TopVia.Branch);
        Assert.True(request.TopVia.HasRport);
        Assert.Equal("Outdial", request.From.DisplayName);
        Assert.Equal("f1", request.From.Tag);
        Assert.Null(request.To.Tag);
        Assert.Equal("c1@outdial", request.CallId);
        Assert.Equal(new SipCSeq(1, "INVITE"), request.CSeq);
        Assert.Equal(70, request.MaxForwards);
        Assert.Equal("sip:outdial@127.0.0.1:5070", request.Contact!.Uri.ToString());
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>"], request.HeaderList("Record-Route"));
        Assert.Equal("v=0\n", request.BodyText);
    }

    [Fact]
    public void Compact_header_names_are_expanded()
    {
        var compact = "BYE sip:a@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nf: <sip:b@h>;tag=1\r\n" +
            "t: <sip:a@h>;tag=2\r\ni: xyz\r\nCSeq: 2 BYE\r\nm: <sip:b@127.0.0.1>\r\nc: text/plain\r\nl: 0\r\nk: timer\r\n\r\n";

        var request = Assert.IsType<SipRequest>(SipParser.Parse(compact).Message);

        Assert.Equal("xyz", request.CallId);
        Assert.Equal("2", request.To.Tag);
        Assert.Equal("text/plain", request.ContentType);
        Assert.Equal("timer", request.Header("Supported"));
        Assert.NotNull(request.Contact);
    }

    [Fact]
    public void Several_Via_values_on_one_line_and_on_several_lines_are_kept_in_order()
    {
        var text = Invite.Replace("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport\r\n",
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP b.example:5061;branch=z9hG4bK2\r\nv: SIP / 2.0 / UDP c.example;branch=z9hG4bK3;received=10.0.0.1\r\n",
            StringComparison.Ordinal);

        var request = SipParser.Parse(text).Message!;

        Assert.Equal(["a.example", "b.example", "c.example"], request.Vias.Select(via => via.Host));
        Assert.Equal("TCP", request.Vias[1].Transport);
        Assert.Equal(5061, request.Vias[1].Port);
        Assert.Equal("10.0.0.1", request.Vias[2].Received);
    }

    [Fact]
    public void Response_start_line_and_authenticate_header_are_read()
    {
        var text = "SIP/2.0 407 Proxy Authentication Required\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1;rport=5070;received=127.0.0.1\r\n" +
            "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n" +
            "Proxy-Authenticate: Digest realm=\"sipp\", nonce=\"abc\", qop=\"auth,auth-int\", algorithm=SHA-256\r\nContent-Length: 0\r\n\r\n";

        var response = Assert.IsType<SipResponse>(SipParser.Parse(text).Message);

        Assert.Equal(407, response.StatusCode);
        Assert.Equal("Proxy Authentication Required", response.Reason);
        Assert.Equal(5070, response.TopVia.Rport);
        Assert.True(DigestChallenge.TryParse(response.Header("Proxy-Authenticate")!, out var challenge));
        Assert.Equal("SHA-256", challenge.Algorithm);
        Assert.True(challenge.OffersQopAuth);
    }

    [Fact]
    public void Written_message_parses_back_to_the_same_values()
    {
        var original = (SipRequest)SipParser.Parse(Invite).Message!;

        var reparsed = (SipRequest)SipParser.Parse(SipWriter.Write(original), streamed: true).Message!;

        Assert.Equal(original.RequestUri, reparsed.RequestUri);
        Assert.Equal(original.Vias, reparsed.Vias);
        Assert.Equal(original.From, reparsed.From);
        Assert.Equal(original.To, reparsed.To);
        Assert.Equal(original.CSeq, reparsed.CSeq);
        Assert.Equal(original.Contacts, reparsed.Contacts);
        Assert.Equal(original.Headers, reparsed.Headers);
        Assert.Equal(original.Body, reparsed.Body);
    }

    [Fact]
    public void Bytes_beyond_Content_Length_on_UDP_are_discarded()
    {
        var message = SipParser.Parse(Invite + "trailing garbage").Message!;

        Assert.Equal("v=0\n", message.BodyText);
    }

    [Fact]
    public void Keep_alive_line_ends_before_a_message_are_skipped()
    {
        Assert.True(SipParser.Parse("\r\n\r\n" + Invite).Succeeded);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "empty", "", nameof(SipParseError.Empty) },
        { "keep-alive only", "\r\n\r\n", nameof(SipParseError.Empty) },
        { "no blank line", Invite[..Invite.IndexOf("\r\n\r\n", StringComparison.Ordinal)], nameof(SipParseError.NoEndOfHeaders) },
        { "request line with two parts", Invite.Replace("INVITE sip:+420777123456@127.0.0.1:5080 SIP/2.0", "INVITE SIP/2.0", StringComparison.Ordinal), nameof(SipParseError.BadStartLine) },
        { "wrong version", Invite.Replace(" SIP/2.0\r\nVia", " SIP/3.0\r\nVia", StringComparison.Ordinal), nameof(SipParseError.BadVersion) },
        { "tel request uri", Invite.Replace("INVITE sip:+420777123456@127.0.0.1:5080", "INVITE tel:+420777123456", StringComparison.Ordinal), nameof(SipParseError.BadRequestUri) },
        { "bad port", Invite.Replace("127.0.0.1:5080 SIP", "127.0.0.1:99999 SIP", StringComparison.Ordinal), nameof(SipParseError.BadRequestUri) },
        { "status code of two digits", "SIP/2.0 20 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n", nameof(SipParseError.BadStatusCode) },
        { "status code 700", "SIP/2.0 700 Odd\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n", nameof(SipParseError.BadStatusCode) },
        { "header without colon", Invite.Replace("Max-Forwards: 70", "Max-Forwards 70", StringComparison.Ordinal), nameof(SipParseError.BadHeaderLine) },
        { "folded header", Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n", StringComparison.Ordinal), nameof(SipParseError.FoldedHeader) },
        { "missing Via", Invite.Replace("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport\r\n", "", StringComparison.Ordinal), nameof(SipParseError.MissingHeader) },
        { "missing From", Invite.Replace("From: \"Outdial\" <sip:+420222333444@127.0.0.1>;tag=f1\r\n", "", StringComparison.Ordinal), nameof(SipParseError.MissingHeader) },
        { "missing To", Invite.Replace("To: <sip:+420777123456@127.0.0.1:5080>\r\n", "", StringComparison.Ordinal), nameof(SipParseError.MissingHeader) },
        { "missing Call-ID", Invite.Replace("Call-ID: c1@outdial\r\n", "", StringComparison.Ordinal), nameof(SipParseError.MissingHeader) },
        { "missing CSeq", Invite.Replace("CSeq: 1 INVITE\r\n", "", StringComparison.Ordinal), nameof(SipParseError.MissingHeader) },
        { "two Call-IDs", Invite.Replace("Call-ID: c1@outdial\r\n", "Call-ID: a\r\nCall-ID: b\r\n", StringComparison.Ordinal), nameof(SipParseError.DuplicateHeader) },
        { "malformed Via", Invite.Replace("Via: SIP/2.0/UDP", "Via: SIP/2.0 UDP", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "malformed From", Invite.Replace("<sip:+420222333444@127.0.0.1>", "<+420222333444@127.0.0.1>", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "unclosed To", Invite.Replace("To: <sip:+420777123456@127.0.0.1:5080>", "To: <sip:+420777123456@127.0.0.1:5080", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "malformed CSeq", Invite.Replace("CSeq: 1 INVITE", "CSeq: one INVITE", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "malformed Max-Forwards", Invite.Replace("Max-Forwards: 70", "Max-Forwards: 700", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "malformed Contact", Invite.Replace("Contact: <sip:outdial@127.0.0.1:5070>", "Contact: <sip:outdial@>", StringComparison.Ordinal), nameof(SipParseError.BadHeaderValue) },
        { "CSeq method differs", Invite.Replace("CSeq: 1 INVITE", "CSeq: 1 BYE", StringComparison.Ordinal), nameof(SipParseError.CSeqMethodMismatch) },
        { "negative Content-Length", Invite.Replace("Content-Length: 4", "Content-Length: -4", StringComparison.Ordinal), nameof(SipParseError.BadContentLength) },
        { "body shorter than Content-Length", Invite.Replace("Content-Length: 4", "Content-Length: 40", StringComparison.Ordinal), nameof(SipParseError.TruncatedBody) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_message_is_a_parse_error_naming_the_fault(string fault, string text, string expected)
    {
        var result = SipParser.Parse(text);

        Assert.False(result.Succeeded, fault);
        Assert.Equal(expected, result.Failure!.Error.ToString());
        Assert.False(string.IsNullOrWhiteSpace(result.Failure.Reason));
    }

    [Fact]
    public void Content_Length_is_required_on_TCP()
    {
        var text = Invite.Replace("Content-Length: 4\r\n", "", StringComparison.Ordinal);

        Assert.True(SipParser.Parse(text).Succeeded);
        Assert.Equal(SipParseError.MissingContentLength, SipParser.Parse(text, streamed: true).Failure!.Error);
    }

    [Fact]
    public void Headers_that_are_not_UTF8_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite);
        bytes[Invite.IndexOf("Outdial", StringComparison.Ordinal)] = 0xff;

        Assert.Equal(SipParseError.NotUtf8, SipParser.Parse(bytes).Failure!.Error);
    }

    [Fact]
    public void Failure_keeps_the_headers_read_so_far_for_the_400()
    {
        var failure = SipParser.Parse(Invite.Replace("CSeq: 1 INVITE", "CSeq: x", StringComparison.Ordinal)).Failure!;

        Assert.True(failure.IsRequest);
        Assert.Contains(failure.Headers, header => header.Name == "Via");
    }

    [Fact]
    public void Stream_framing_waits_for_the_whole_body_and_skips_keep_alives()
    {
        var bytes = Encoding.UTF8.GetBytes("\r\n\r\n" + Invite);

        Assert.Equal(SipFraming.Status.Incomplete, SipFraming.TryFrame(bytes.AsSpan(0, bytes.Length - 2), out _, out _));
        Assert.Equal(SipFraming.Status.Complete, SipFraming.TryFrame(bytes, out var skip, out var length));
        Assert.Equal(4, skip);
        Assert.Equal(bytes.Length - 4, length);
    }

    [Fact]
    public void Stream_framing_refuses_a_message_without_Content_Length()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite.Replace("Content-Length: 4\r\n", "", StringComparison.Ordinal));

        Assert.Equal(SipFraming.Status.Invalid, SipFraming.TryFrame(bytes, out _, out _));
    }
}
