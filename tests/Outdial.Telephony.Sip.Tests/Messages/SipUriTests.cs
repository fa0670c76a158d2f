using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Tests.Messages;

public class SipUriTests
{
    [Theory]
    [InlineData("sip:127.0.0.1", null, "127.0.0.1", null)]
    [InlineData("sip:+420777123456@10.0.0.1:5080", "+420777123456", "10.0.0.1", 5080)]
    [InlineData("sips:alice@example.com;transport=tcp", "alice", "example.com", null)]
    [InlineData("sip:bob@[2001:db8::1]:5062", "bob", "[2001:db8::1]", 5062)]
    public void Parses_user_host_and_port(string text, string? user, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));

        Assert.Equal(user, uri.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Parameters_and_transport_are_read_case_insensitively()
    {
        var uri = SipUri.Parse("sip:trunk@127.0.0.1:5080;Transport=TCP;lr;maddr=10.0.0.1?subject=x")!;

        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.Parameters.Has("lr"));
        Assert.Equal("10.0.0.1", uri.Parameters.Get("maddr"));
        Assert.Equal("subject=x", uri.Headers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tel:+420777123456")]
    [InlineData("sip:")]
    [InlineData("sip:@host")]
    [InlineData("sip:host:0")]
    [InlineData("sip:host:65536")]
    [InlineData("sip:host:5a")]
    [InlineData("sip:bad host")]
    [InlineData("sip:[::1")]
    [InlineData("sip:host;=x")]
    public void Malformed_uri_is_refused(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
    }

    [Fact]
    public void Name_address_with_quoted_display_name_and_tag_round_trips()
    {
        Assert.True(SipNameAddress.TryParse("\"Call \\\"centre\\\"\" <sip:+420222333444@127.0.0.1;user=phone>;tag=abc", out var address));

        Assert.Equal("Call \"centre\"", address.DisplayName);
        Assert.Equal("phone", address.Uri.Parameters.Get("user"));
        Assert.Equal("abc", address.Tag);
        Assert.True(SipNameAddress.TryParse(address.ToString(), out var again));
        Assert.Equal(address, again);
    }

    [Fact]
    public void Parameters_after_a_bare_uri_belong_to_the_header()
    {
        Assert.True(SipNameAddress.TryParse("sip:bob@h;tag=99", out var address));

        Assert.Equal("99", address.Tag);
        Assert.Empty(address.Uri.Parameters);
    }
}
