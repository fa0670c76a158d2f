using Outdial.Webhooks;

namespace Outdial.Tests.Webhooks;

public sealed class WebhookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_webhook_gets_a_random_secret_that_lists_show_only_the_end_of()
    {
        var first = Webhook.Create("https://crm.example.com/hook", null, [WebhookEventTypes.SessionConcluded], true, Now);
        var second = Webhook.Create("https://crm.example.com/hook", null, [WebhookEventTypes.SessionConcluded], true, Now);

        Assert.StartsWith("whsec_", first.Secret);
        Assert.Equal(6 + 43, first.Secret.Length); // 32 bytes in base64url without padding
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.Equal("…" + first.Secret[^4..], first.SecretHint);
    }

    [Fact]
    public void Event_types_are_kept_once_each_in_a_stable_order()
    {
        var webhook = Webhook.Create("http://127.0.0.1/hook", null, ["campaign.stateChanged", "session.created", "session.created"], true, Now);

        Assert.Equal(["session.created", "campaign.stateChanged"], webhook.EventTypes);
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("/relative/hook")]
    [InlineData("example.com/hook")]
    [InlineData("")]
    public void An_address_that_is_not_absolute_http_or_https_is_refused_naming_url(string url)
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => Webhook.Create(url, null, [WebhookEventTypes.SessionEnded], true, Now));

        Assert.Contains("http or https", Assert.Single(problem.Errors["url"]));
    }

    [Fact]
    public void A_description_longer_than_500_characters_is_refused()
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => Webhook.Create("https://x.example/h", new string('d', 501), [WebhookEventTypes.SessionEnded], true, Now));

        Assert.Contains("description", problem.Errors.Keys);
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_keyed_with_the_secret()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var signature = WebhookSignature.Sign("Jefe", "what do ya want for nothing?"u8);

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
    }
}
