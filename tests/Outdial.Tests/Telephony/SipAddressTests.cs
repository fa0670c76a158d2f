using Outdial.Telephony;

namespace Outdial.Tests.Telephony;

public sealed class SipAddressTests
{
    [Theory]
    [InlineData("sip:agent7@10.0.0.15:5060")]
    [InlineData("sip:agent7@10.0.0.15")]
    [InlineData("SIP:desk-12@pbx.example.com;transport=tcp")]
    [InlineData("sips:agent@[2001:db8::1]:5061")]
    [InlineData("sip:10.0.0.15:5062")]
    public void Sip_addresses_of_phones_are_accepted(string text)
    {
        Assert.True(SipAddress.TryParse(text, out var phone, out var error), error);
        Assert.Equal(text, phone.Address);
    }

    [Theory]
    [InlineData("", "Enter the SIP address")]
    [InlineData("agent7@10.0.0.15", "must start with sip:")]
    [InlineData("tel:+420777123456", "must start with sip:")]
    [InlineData("sip:agent 7@10.0.0.15", "spaces")]
    [InlineData("sip:<agent7@10.0.0.15>", "angle brackets")]
    [InlineData("sip:@10.0.0.15", "empty user")]
    [InlineData("sip:agent7@", "no host")]
    [InlineData("sip:agent7@10.0.0.15:0", "port")]
    [InlineData("sip:agent7@10.0.0.15:99999", "port")]
    [InlineData("sip:agent7@10.0.0.15:50a", "port")]
    public void Anything_else_is_refused_saying_what_is_wrong(string text, string expected)
    {
        Assert.False(SipAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
