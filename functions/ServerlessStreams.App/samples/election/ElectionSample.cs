using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace ServerlessStreams.App.Samples;

/// <summary>The election sample's C# pieces: a function that checks each vote.</summary>
public static class ElectionSample
{
    public const string CheckVote = "election/check-vote";

    /// <summary>The job spec, relative to the app's folder.</summary>
    public static readonly string JobSpec = Path.Combine("samples", "election", "job.json");

    public static readonly string[] Candidates = ["Alice", "Bob", "Carol"];

    /// <summary>A registry with the sample's pieces.</summary>
    public static JobRegistry Registry() => Register(JobRegistry.Default);

    public static JobRegistry Register(JobRegistry registry) => registry.AddFunction(CheckVote, CheckVoteFunction);

    /// <summary>Marks a vote valid when it names a known candidate; invalid votes still count in the totals.</summary>
    private static IEnumerable<JsonObject> CheckVoteFunction(JsonObject vote)
    {
        var candidate = vote["candidate"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
        var checkedVote = vote.DeepClone().AsObject();
        checkedVote["valid"] = candidate is not null && Candidates.Contains(candidate);
        yield return checkedVote;
    }
}
