using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Local;
using ServerlessStreams.Segments;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>Reads the election's results back from a running pipeline: through the app's HTTP functions, or from the Tables.</summary>
internal static class PipelineResults
{
    /// <summary>The standings window's count for each candidate, read through the app's query function.</summary>
    public static async Task<Dictionary<string, long>> StandingsAsync(LocalPipeline pipeline, IEnumerable<string> candidates)
    {
        var standings = new Dictionary<string, long>();
        foreach (var candidate in candidates)
        {
            if (await CountAsync(pipeline, "standings", GroupKey.From(candidate)) is { } count) standings[candidate] = count;
        }
        return standings;
    }

    /// <summary>The standings of every candidate key the entities hold, listed from the Table store itself.</summary>
    public static async Task<Dictionary<string, long>> StandingsOfEveryKeyAsync(LocalPipeline pipeline, string storageConnection)
    {
        var store = new TableWindowEntityStore(new Azure.Data.Tables.TableServiceClient(storageConnection));
        var candidates = new List<string>();
        await foreach (var key in store.ListEntitiesAsync(pipeline.Job.Name, default))
        {
            if (key.Task == "by-candidate") candidates.Add(new GroupKey(key.GroupKey).ToNode()!.GetValue<string>());
        }
        return await StandingsAsync(pipeline, candidates);
    }

    public static async Task<long> TotalAsync(LocalPipeline pipeline) =>
        await CountAsync(pipeline, "total-votes", GroupKey.None) ?? throw new InvalidOperationException("no total-votes entity");

    /// <summary>The Standings view's rows: what the leader trigger last fired per candidate.</summary>
    public static async Task<Dictionary<string, long>> StandingsViewAsync(LocalPipeline pipeline) =>
        (await pipeline.ReadViewAsync("Standings", "standings"))
            .ToDictionary(r => r!["groupKey"]!.GetValue<string>(), r => r!["state"]!.GetValue<long>());

    private static async Task<long?> CountAsync(LocalPipeline pipeline, string window, GroupKey key)
    {
        var result = await pipeline.QueryAsync(window, key);
        var extents = result?["extents"]?.AsArray();
        return extents is null || extents.Count == 0 ? null : Assert.Single(extents)!["state"]!.GetValue<long>();
    }
}
