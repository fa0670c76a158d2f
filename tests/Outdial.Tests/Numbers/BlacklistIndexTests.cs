using Outdial.Numbers;

namespace Outdial.Tests.Numbers;

public sealed class BlacklistIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+420777123456", "777 123 456")]
    [InlineData("+420777123456", "00420777123456")]
    [InlineData("+420777123456", "+420 777 123 456")]
    public void An_exact_entry_blocks_its_number_whatever_format_it_was_written_in(string e164, string written)
    {
        var index = new BlacklistIndex();
        index.Add(BlacklistEntry.Create(written, isPrefix: false, "asked not to be called", "test", Now, null, "CZ"));

        Assert.Equal(e164, index.Blocking(e164, Now));
        Assert.Null(index.Blocking("+420777123457", Now));
    }

    [Fact]
    public void A_prefix_blocks_every_number_that_starts_with_it()
    {
        var index = new BlacklistIndex();
        index.Add(BlacklistEntry.Create("00420 900", isPrefix: true, "premium rate", "test", Now, null, "CZ"));

        Assert.Equal("+420900", index.Blocking("+420900123456", Now));
        Assert.Null(index.Blocking("+420901123456", Now));
        Assert.Null(index.Blocking("+42090", Now));
    }

    [Fact]
    public void An_entry_stops_blocking_when_it_expires()
    {
        var index = new BlacklistIndex();
        index.Add(BlacklistEntry.Create("+420777123456", false, null, "test", Now, Now.AddDays(1), "CZ"));

        Assert.NotNull(index.Blocking("+420777123456", Now.AddHours(23)));
        Assert.Null(index.Blocking("+420777123456", Now.AddDays(1)));
    }

    [Fact]
    public void Of_two_entries_for_one_number_the_longer_lasting_one_counts()
    {
        var index = new BlacklistIndex();
        index.Add("+420777123456", false, Now.AddDays(1));
        index.Add("+420777123456", false, null);
        index.Add("+420777123456", false, Now.AddDays(2));

        Assert.NotNull(index.Blocking("+420777123456", Now.AddDays(30)));
    }

    [Fact]
    public void A_removed_entry_no_longer_blocks()
    {
        var index = new BlacklistIndex();
        index.Add("+420777123456", false, null);
        index.Remove("+420777123456", false);

        Assert.Null(index.Blocking("+420777123456", Now));
        Assert.Equal(0, index.Count);
    }

    [Theory]
    [InlineData("12", true, "number")]
    [InlineData("+0420", true, "number")]
    [InlineData("420900", true, "number")]
    [InlineData("not a number", false, "number")]
    public void Invalid_entries_are_refused_naming_the_value(string number, bool isPrefix, string field)
    {
        var problem = Assert.Throws<InvalidInputProblem>(() => BlacklistEntry.Create(number, isPrefix, null, "test", Now, null, "CZ"));

        Assert.Contains(number, Assert.Single(problem.Errors[field]));
    }
}
