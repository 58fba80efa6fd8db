using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace Election;

/// <summary>The C# pieces job.json names: a function that checks each vote.</summary>
public static class Registrations
{
    public const string CheckVote = "election/check-vote";

    public static readonly string[] Candidates = ["Alice", "Bob", "Carol"];

    /// <summary>Every name job.json uses.</summary>
    public static JobRegistry Create() => JobRegistry.Default
        .AddFunction(CheckVote, CheckVoteFunction);

    /// <summary>Marks a vote valid when it names a known candidate; invalid votes still count in the totals.</summary>
    private static IEnumerable<JsonObject> CheckVoteFunction(JsonObject vote)
    {
        var candidate = vote["candidate"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
        var checkedVote = vote.DeepClone().AsObject();
        checkedVote["valid"] = candidate is not null && Candidates.Contains(candidate);
        yield return checkedVote;
    }
}
