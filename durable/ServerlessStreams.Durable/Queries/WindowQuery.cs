using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Queries;

/// <summary>Reads the current state of a window for one group key straight from its entity: all extents, or one.</summary>
internal sealed class WindowQuery(JobSpec job, JobRegistry registry, IWindowEntityStore store)
{
    /// <summary>
    /// <c>{"job","window","groupKey","extents":[{"extentId","lowerBound","upperBound","state"}]}</c>,
    /// or null when the job has no such window.
    /// </summary>
    public async Task<JsonObject?> QueryAsync(string windowId, GroupKey key, long? extentId, CancellationToken ct)
    {
        var window = job.Windows.FirstOrDefault(w => w.Id == windowId);
        if (window is null) return null;
        var task = CompiledTask.Compile(job, job.Task(window.Task), registry);
        var compiled = task.Windows.First(w => w.Id == windowId);
        var codec = new KeyStateCodec(task);

        var snapshot = await store.LoadAsync(EntityKey.Of(job.Name, task.Name, key), [], ct);
        var state = codec.LoadMeta(null);
        foreach (var row in LoadedEntity.LiveExtentRows(snapshot, EntityMeta.Parse(snapshot.Meta?.Data)))
        {
            var extent = RowKeys.ParseExtent(row.RowKey);
            if (extent.WindowId == windowId && (extentId is null || extent.ExtentId == extentId))
                codec.LoadExtent(state, extent.WindowId, extent.ExtentId, JsonNode.Parse(row.Data)!);
        }

        var extents = new JsonArray();
        foreach (var (id, extent) in state.ExtentsOf(compiled.Index))
        {
            var (lower, upper) = compiled.Bounds(id, extent);
            extents.Add(new JsonObject
            {
                ["extentId"] = id,
                ["lowerBound"] = WindowValues.FormatBound(lower, window.KeyKind),
                ["upperBound"] = WindowValues.FormatBound(upper, window.KeyKind),
                ["state"] = extent.Accumulator.Result(),
            });
        }
        return new JsonObject
        {
            ["job"] = job.Name,
            ["window"] = windowId,
            ["groupKey"] = key.ToNode(),
            ["extents"] = extents,
        };
    }
}
