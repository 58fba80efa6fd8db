using System.Text.Json.Nodes;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Cli;
using ServerlessStreams.Segments;

namespace Election;

/// <summary>What <c>run</c> does with the election: votes keyed by voter, then the standings and the hourly counts.</summary>
internal static class ElectionRun
{
    public static readonly LocalRun Sample = new()
    {
        InputTask = "votes",
        Records = VoteGenerator.Generate,
        KeyField = "voterId",
        DefaultCount = 3000,
        PrintResults = PrintResultsAsync,
    };

    private static async Task PrintResultsAsync(LocalPipeline pipeline, TextWriter output, CancellationToken ct)
    {
        var total = await pipeline.ReadViewAsync("TotalVotes", "total-votes", ct);
        output.WriteLine($"total votes (global window, every 5 s): {total.FirstOrDefault()?["state"]?.ToJsonString() ?? "none yet"}");

        var standings = (await pipeline.ReadViewAsync("Standings", "standings", ct))
            .Select(r => (Candidate: r!["groupKey"]?.ToString() ?? "(none)", Votes: r["state"]!.GetValue<long>()))
            .OrderByDescending(s => s.Votes).ThenBy(s => s.Candidate, StringComparer.Ordinal).ToList();
        output.WriteLine("who is winning (votes per candidate, each voter counted once):");
        foreach (var (candidate, votes) in standings) output.WriteLine($"  {candidate,-10} {votes,6}");
        if (standings.Count > 0) output.WriteLine($"  leader: {standings[0].Candidate}");

        // The hourly windows are read from their entities: a view holds what its trigger last fired (every 10 votes,
        // or as the percentile watermark passed), which depends on how the partitions interleaved; the state does not.
        output.WriteLine("votes per hour (fixed 1 h windows; the VotesPerHour view is refreshed every 10 votes):");
        await PrintExtentsAsync(pipeline, output, "votes-per-hour", ct);
        output.WriteLine("votes per hour, sliding every 20 minutes (the VotesPerHourSliding view fires at the 0.95 percentile watermark):");
        await PrintExtentsAsync(pipeline, output, "votes-per-hour-sliding", ct);
    }

    private static async Task PrintExtentsAsync(LocalPipeline pipeline, TextWriter output, string windowId, CancellationToken ct)
    {
        var window = await pipeline.QueryAsync(windowId, GroupKey.None, ct);
        foreach (var extent in window?["extents"]?.AsArray() ?? [])
            output.WriteLine($"  {Bound(extent!["lowerBound"])} .. {Bound(extent["upperBound"])}  {extent["state"]!.ToJsonString(),6}");
    }

    private static string Bound(JsonNode? bound) => bound?.ToString() ?? "-";
}
