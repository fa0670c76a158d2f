using Outdial.Testing.Sip;
using System.Text.RegularExpressions;
using Outdial.Testing;
using static Outdial.Telephony.Sip.Tests.SippScenarios;

namespace Outdial.Telephony.Sip.Tests.Cli;

/// <summary><c>outdial sip call</c> run as a process against SIPp, as someone diagnosing a line would.</summary>
public sealed partial class SipCommandTests
{
    [GeneratedRegex("""^\{"outcome":"(\w+)","sipCode":(\d+),"ringSeconds":[0-9.]+,"talkSeconds":[0-9.]+\}$""")]
    private static partial Regex OutcomeLine();

    private static Match LastLine(OutdialProcess process) => OutcomeLine().Match(process.Output.TrimEnd().Split('\n')[^1].Trim());

    [Fact]
    public async Task Answered_call_prints_answered_with_its_code_as_JSON()
    {
        await using var sipp = await SippPeer.StartAsync(AnswerThenLocalBye(ringMilliseconds: 200));

        await using var run = await OutdialProcess.RunAsync("sip", "call", "--trunk", $"sip:127.0.0.1:{sipp.Port}", "--to", "100", "--talk", "0.2", "--json");

        Assert.Equal(0, run.ExitCode);
        var outcome = LastLine(run);
        Assert.True(outcome.Success, run.Output + run.Error);
        Assert.Equal("answered", outcome.Groups[1].Value);
        Assert.Equal("200", outcome.Groups[2].Value);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Busy_line_prints_busy_and_verbose_shows_the_messages()
    {
        await using var sipp = await SippPeer.StartAsync(Refuse(486, "Busy Here"));

        await using var run = await OutdialProcess.RunAsync("sip", "call", "--trunk", $"sip:127.0.0.1:{sipp.Port}", "--to", "100", "--json", "--verbose");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("busy", LastLine(run).Groups[1].Value);
        Assert.Equal("486", LastLine(run).Groups[2].Value);
        Assert.Contains("SIP/2.0 486 Busy Here", run.Error, StringComparison.Ordinal);
        Assert.Contains("INVITE sip:100@127.0.0.1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_prints_authFailed()
    {
        var challenge = Reply(407, "Proxy Authentication Required", extraHeaders: "Proxy-Authenticate: Digest realm=\"c\", nonce=\"n\"");
        await using var sipp = await SippPeer.StartAsync(Scenario(ReceiveInvite, challenge, ReceiveAck, ReceiveInvite, challenge, ReceiveAck));

        await using var run = await OutdialProcess.RunAsync("sip", "call", "--trunk", $"sip:127.0.0.1:{sipp.Port}", "--to", "100",
            "--user", "u", "--password", "p", "--json");

        Assert.Equal("authFailed", LastLine(run).Groups[1].Value);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Fact]
    public async Task Ringing_past_the_timeout_is_cancelled_and_prints_noAnswer()
    {
        await using var sipp = await SippPeer.StartAsync(Scenario(ReceiveInvite, Reply(180, "Ringing"), ReceiveCancel));

        await using var run = await OutdialProcess.RunAsync("sip", "call", "--trunk", $"sip:127.0.0.1:{sipp.Port}", "--to", "100", "--timeout", "0.5", "--json");

        Assert.Equal("noAnswer", LastLine(run).Groups[1].Value);
        Assert.Equal("487", LastLine(run).Groups[2].Value);
        Assert.Equal(0, await sipp.WaitForExitAsync());
    }

    [Theory]
    [InlineData("--trunk", "http://example.com", "--to", "100")]
    [InlineData("--trunk", "sip:127.0.0.1:5999", "--to", "a@b")]
    [InlineData("--trunk", "sip:127.0.0.1:5999", "--to", "100", "--user", "u")]
    [InlineData("--trunk", "sip:127.0.0.1:5999", "--to", "100", "--timeout", "0")]
    [InlineData("--trunk", "sip:127.0.0.1:5999", "--to", "100", "--listen", "nowhere")]
    public async Task Bad_arguments_exit_non_zero_with_a_message(params string[] arguments)
    {
        await using var run = await OutdialProcess.RunAsync(["sip", "call", .. arguments]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--", run.Error, StringComparison.Ordinal);
    }
}
