using System.Net;
using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Tests.Messages;

public class SdpTests
{
    private const string Answer =
        "v=0\r\no=- 53655765 2353687637 IN IP4 10.0.0.7\r\ns=-\r\ni=an unknown line kept\r\nc=IN IP4 10.0.0.7\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 8 101\r\nb=AS:64\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=recvonly\r\n";

    [Fact]
    public void Audio_address_port_codecs_and_direction_are_read()
    {
        Assert.True(SdpSession.TryParse(Answer, out var sdp));

        Assert.Equal(IPAddress.Parse("10.0.0.7"), sdp.AudioAddress);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(40000, audio.Port);
        Assert.Equal("PCMA/8000", audio.Encodings["8"]);
        Assert.Equal("telephone-event/8000", audio.Encodings["101"]);
        Assert.Equal("recvonly", sdp.AudioDirection);
    }

    [Fact]
    public void Lines_outside_the_subset_are_kept_verbatim_in_order()
    {
        Assert.True(SdpSession.TryParse(Answer, out var sdp));

        Assert.Equal(Answer, sdp.ToString());
    }

    [Fact]
    public void Audio_offer_parses_back_as_PCMU_PCMA_and_telephone_event()
    {
        var offer = SdpSession.AudioOffer(IPAddress.Loopback, 4000, "inactive").ToString();

        Assert.True(SdpSession.TryParse(offer, out var sdp));
        Assert.Equal("inactive", sdp.AudioDirection);
        Assert.Equal(["PCMU/8000", "PCMA/8000", "telephone-event/8000"], sdp.Media[0].Encodings.Values);
    }

    [Theory]
    [InlineData("")]
    [InlineData("o=- 1 1 IN IP4 h\r\nv=0\r\ns=-\r\nt=0 0\r\n")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio port RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 4000\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nnot a line\r\n")]
    public void Malformed_description_is_refused(string text)
    {
        Assert.False(SdpSession.TryParse(text, out _));
    }
}
