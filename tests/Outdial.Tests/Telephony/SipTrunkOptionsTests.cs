using Outdial.Telephony;

namespace Outdial.Tests.Telephony;

public sealed class SipTrunkOptionsTests
{
    [Theory]
    [InlineData("{e164}", "+420777123456")]
    [InlineData("{digits}", "420777123456")]
    [InlineData("00{digits}", "00420777123456")]
    public void Numbers_are_written_as_the_trunk_wants_them(string format, string expected) =>
        Assert.Equal(expected, SipTrunkOptions.Format(format, "+420777123456"));

    [Theory]
    [InlineData("sip:carrier.example.com:5060", "carrier.example.com:5060")]
    [InlineData("sip:carrier.example.com", "carrier.example.com")]
    [InlineData("SIP:outdial@10.0.0.2:5070;transport=tcp", "10.0.0.2:5070")]
    [InlineData("sip:[2001:db8::1]:5060", "[2001:db8::1]:5060")]
    [InlineData("carrier.example.com:5060", null)]
    [InlineData("sip:carrier.example.com:port", null)]
    [InlineData("sip:", null)]
    public void The_trunk_address_gives_the_host_and_port_to_call(string address, string? hostPort) =>
        Assert.Equal(hostPort, new SipTrunkOptions { Address = address }.HostPort);
}
