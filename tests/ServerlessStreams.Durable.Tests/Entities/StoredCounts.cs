using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>Reads back every (user, minute) count the store holds, through the query API.</summary>
internal static class StoredCounts
{
    public static async Task<Dictionary<(string User, long Minute), long>> ReadAsync(JobSpec job, IWindowEntityStore store)
    {
        var query = new WindowQuery(job, JobRegistry.Default, store);
        var counts = new Dictionary<(string, long), long>();
        await foreach (var key in store.ListEntitiesAsync(job.Name, CancellationToken.None))
        {
            var groupKey = new GroupKey(key.GroupKey);
            var result = await query.QueryAsync("per-minute", groupKey, null, CancellationToken.None);
            foreach (var extent in result!["extents"]!.AsArray())
                counts[(groupKey.ToNode()!.GetValue<string>(), extent!["extentId"]!.GetValue<long>())] = extent["state"]!.GetValue<long>();
        }
        return counts;
    }
}
