namespace Outdial.Dialing.Tests;

public sealed class CampaignRulesTests
{
    private static readonly E164Number[] Pool =
    [
        E164Number.Parse("+420222000001"),
        E164Number.Parse("+420222000002"),
        E164Number.Parse("+12025550100"),
    ];

    private static List<E164Number?> CallerIdsOfTenDials(CallerIdRotation rotation, int seed = 7, string prefix = "+4207770")
    {
        var settings = DialerHarness.Settings(DialingMode.Progressive) with { CallerIds = Pool, CallerIdRotation = rotation, Seed = seed };
        var harness = new DialerHarness(settings);
        harness.Send(new RecordsAdded([.. Enumerable.Range(1, 10).Select(i => new NewRecord(new RecordId(i), E164Number.Parse($"{prefix}{i:D5}")))]));
        return [.. harness.Online([.. Enumerable.Range(1, 10)]).Of<Originate>().Select(o => o.CallerId)];
    }

    [Fact]
    public void Round_robin_caller_ids_take_the_pool_in_turn()
    {
        var ids = CallerIdsOfTenDials(CallerIdRotation.RoundRobin);

        Assert.Equal([Pool[0], Pool[1], Pool[2], Pool[0]], ids.Take(4));
    }

    [Fact]
    public void Random_caller_ids_repeat_exactly_with_the_same_seed_and_differ_with_another()
    {
        var first = CallerIdsOfTenDials(CallerIdRotation.Random, seed: 1);

        Assert.Equal(first, CallerIdsOfTenDials(CallerIdRotation.Random, seed: 1));
        Assert.NotEqual(first, CallerIdsOfTenDials(CallerIdRotation.Random, seed: 2));
    }

    [Fact]
    public void Country_match_presents_a_number_from_the_called_country()
    {
        Assert.All(CallerIdsOfTenDials(CallerIdRotation.CountryMatch), id => Assert.StartsWith("+420", id!.E164));
        Assert.All(CallerIdsOfTenDials(CallerIdRotation.CountryMatch, prefix: "+1202555"), id => Assert.Equal(Pool[2], id));
    }

    [Theory]
    [InlineData("+12025550100", "1")]
    [InlineData("+420777123456", "420")]
    [InlineData("+447700900123", "44")]
    [InlineData("+74951234567", "7")]
    public void Country_calling_code_follows_the_e164_prefix_rules(string number, string code) =>
        Assert.Equal(code, E164Number.Parse(number).CountryCallingCode);

    [Fact]
    public void Ring_timeout_is_never_below_fifteen_seconds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RingTimeout.FromSeconds(14));
        Assert.Equal(TimeSpan.FromSeconds(15), RingTimeout.AtLeastMinimum(TimeSpan.FromSeconds(5)).Duration);
    }

    [Fact]
    public void Originate_carries_the_campaigns_ring_timeout()
    {
        var settings = DialerHarness.Settings(DialingMode.Progressive) with { RingTimeout = RingTimeout.FromSeconds(25) };
        var harness = new DialerHarness(settings);
        harness.AddRecords(1);

        Assert.Equal(TimeSpan.FromSeconds(25), harness.Online(1).Single<Originate>().RingTimeout.Duration);
    }

    [Fact]
    public void Abandon_message_cannot_wait_longer_than_two_seconds() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CampaignSettings { AbandonAfter = TimeSpan.FromSeconds(3) });

    [Fact]
    public void Pickup_rate_is_a_share_above_zero() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PickupRate(0));
}
