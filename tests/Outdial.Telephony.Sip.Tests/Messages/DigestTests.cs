using Outdial.Telephony.Sip.Messages;

namespace Outdial.Telephony.Sip.Tests.Messages;

public class DigestTests
{
    [Fact]
    public void Md5_with_qop_auth_matches_the_RFC_2617_example()
    {
        var response = DigestAuthentication.Response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
            "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Response_matches_the_RFC_7616_example(string algorithm, string expected)
    {
        var response = DigestAuthentication.Response(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
            "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal(expected, response);
    }

    [Fact]
    public void Authorization_header_answers_the_challenge_with_nc_and_cnonce()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"sipp\", nonce=\"n1\", opaque=\"o1\", qop=\"auth\"", out var challenge));

        var header = DigestAuthentication.Authorization(challenge, "user", "secret", "INVITE", "sip:100@127.0.0.1", "c1");
        var fields = DigestChallenge.ParseFields(header["Digest ".Length..])!;

        Assert.Equal("auth", fields["qop"]);
        Assert.Equal("00000001", fields["nc"]);
        Assert.Equal("o1", fields["opaque"]);
        Assert.Equal(DigestAuthentication.Response("MD5", "user", "sipp", "secret", "INVITE", "sip:100@127.0.0.1", "n1", "auth", "00000001", "c1"),
            fields["response"]);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest nonce=\"n\"")]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest realm")]
    public void Challenge_without_digest_realm_and_nonce_is_refused(string header)
    {
        Assert.False(DigestChallenge.TryParse(header, out _));
    }

    [Fact]
    public void Stale_flag_is_read()
    {
        Assert.True(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", stale=TRUE, algorithm=MD5", out var challenge));

        Assert.True(challenge.Stale);
        Assert.False(challenge.OffersQopAuth);
    }
}
