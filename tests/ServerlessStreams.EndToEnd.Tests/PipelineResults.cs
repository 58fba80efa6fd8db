using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Local;
using ServerlessStreams.Segments;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>Reads the election's results from a pipeline's window entities and views.</summary>
internal static class PipelineResults
{
    public static async Task<Dictionary<string, long>> StandingsAsync(LocalPipeline pipeline)
    {
        var query = new WindowQuery(pipeline.Job, ElectionJob.Registry, pipeline.Host.Runtime.Services.Store);
        var standings = new Dictionary<string, long>();
        await foreach (var key in pipeline.Host.Runtime.Services.Store.ListEntitiesAsync(pipeline.Job.Name, default))
        {
            if (key.Task != "by-candidate") continue;
            var groupKey = new GroupKey(key.GroupKey);
            var result = await query.QueryAsync("standings", groupKey, null, default);
            var extent = Assert.Single(result!["extents"]!.AsArray());
            standings[groupKey.ToNode()!.GetValue<string>()] = extent!["state"]!.GetValue<long>();
        }
        return standings;
    }

    public static async Task<long> TotalAsync(LocalPipeline pipeline)
    {
        var query = new WindowQuery(pipeline.Job, ElectionJob.Registry, pipeline.Host.Runtime.Services.Store);
        var result = await query.QueryAsync("total-votes", GroupKey.None, null, default);
        return Assert.Single(result!["extents"]!.AsArray())!["state"]!.GetValue<long>();
    }

    public static async Task<Dictionary<string, long>> StandingsViewAsync(LocalPipeline pipeline) =>
        (await pipeline.Host.Views.ReadAsync("Standings", "standings", null, default))
            .ToDictionary(r => new GroupKey(r.GroupKey).ToNode()!.GetValue<string>(), r => long.Parse(r.State));
}
