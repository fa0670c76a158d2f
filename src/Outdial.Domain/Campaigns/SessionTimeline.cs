using System.Text;

namespace Outdial.Campaigns;

/// <summary>The sentence a campaign session leaves on the contact's timeline.</summary>
public static class SessionTimeline
{
    /// <summary>
    /// E.g. "Campaign Winter offer: offered to Alice Smith, accepted; called +420777200001, answered,
    /// talked 1 min 20 s; result Success. Note: wants the yearly plan."
    /// </summary>
    public static string Describe(CampaignAttempt attempt, string campaignName, string? operatorName)
    {
        var text = new StringBuilder("Campaign ").Append(campaignName).Append(": ");
        var parts = new List<string>();
        if (attempt.OfferedAt is not null)
        {
            parts.Add($"offered to {operatorName ?? "an operator"}{(attempt.AcceptedAt is not null ? ", accepted" : "")}");
        }

        if (attempt.DialledAt is not null)
        {
            var call = $"called {attempt.Phone}, {Describe(attempt.DialResult)}";
            if (attempt.TalkSeconds is { } talk && attempt.ConnectedAt is not null)
            {
                call += $", talked {Duration(talk)}" + (attempt.OfferedAt is null && operatorName is not null ? $" with {operatorName}" : "");
            }

            parts.Add(call);
        }

        if (attempt.SessionEnd is { } end)
        {
            parts.Add(end.ToLowerInvariant());
        }

        if (attempt.Result is { } result)
        {
            parts.Add($"result {result}");
        }

        if (attempt.Error is { } error)
        {
            parts.Add($"error: {error}");
        }

        text.Append(string.Join("; ", parts)).Append('.');
        if (!string.IsNullOrWhiteSpace(attempt.Note))
        {
            text.Append(" Note: ").Append(attempt.Note.Trim());
        }

        return text.ToString();
    }

    private static string Describe(string? dialResult) => dialResult switch
    {
        null => "no result",
        "Answered" => "answered",
        "AnsweringMachine" => "an answering machine answered",
        "NoAnswer" => "no answer",
        "Busy" => "busy",
        "Rejected" => "rejected by the called side",
        "Unreachable" => "unreachable",
        "InvalidNumber" => "not a valid number",
        "NetworkError" => "network error",
        "Abandoned" => "answered, but no operator was free (abandon message played)",
        "CancelledByClient" => "answered, but the person hung up before an operator was free",
        CampaignAttempt.Interrupted => "interrupted by a server restart",
        _ => dialResult,
    };

    private static string Duration(int seconds) => seconds < 60 ? $"{seconds} s" : $"{seconds / 60} min {seconds % 60} s";
}
