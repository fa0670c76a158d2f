using System.Net;
using Outdial.Telephony;

namespace Outdial.Tests.Telephony;

public sealed class SessionOfferTests
{
    private const string PhoneOffer = "v=0\r\no=baresip 1234 5678 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 31000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    [Fact]
    public void The_placeholder_offers_g711_without_media_from_outdials_address()
    {
        var offer = new SessionOffer(IPAddress.Parse("192.0.2.10"), 42).Placeholder();

        Assert.StartsWith("v=0\r\no=outdial 42 1 IN IP4 192.0.2.10\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 192.0.2.10\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("m=audio 9 RTP/AVP 0 8 101\r\n", offer, StringComparison.Ordinal);
        Assert.Contains("a=inactive\r\n", offer, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", offer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forwarded_offer_keeps_outdials_origin_with_the_next_version_and_the_phones_media()
    {
        var offer = new SessionOffer(IPAddress.Parse("192.0.2.10"), 42);
        offer.Placeholder();

        var first = offer.Forward(PhoneOffer);
        var second = offer.Forward(PhoneOffer.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Contains("o=outdial 42 2 IN IP4 192.0.2.10\r\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("o=baresip", first, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 31000 RTP/AVP 0\r\n", first, StringComparison.Ordinal);
        Assert.Contains("o=outdial 42 3 IN IP4 192.0.2.10\r\n", second, StringComparison.Ordinal);
        Assert.Equal(PhoneOffer.Split("\r\n").Length, second.Split("\r\n").Length);
    }
}
