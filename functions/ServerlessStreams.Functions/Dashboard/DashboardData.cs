using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// The dashboard's data, one JSON document: the job's workflow, per task the totals the page turns into rates,
/// the sweeper's last run, per window its current extents with their values (from the window's Table view, or the
/// window query for an ungrouped task) and the last firings.
/// </summary>
public sealed class DashboardData(JobComponents components, DashboardMetrics metrics)
{
    /// <summary>Extents listed per window, the most recent first.</summary>
    public const int MaxExtents = 48;

    public async Task<JsonObject> ReadAsync(CancellationToken ct)
    {
        var job = components.Job;
        var snapshot = metrics.Snapshot();
        var windows = new JsonArray();
        foreach (var window in job.Windows) windows.Add(await WindowAsync(job, window, ct));
        return new JsonObject
        {
            ["job"] = job.Name,
            ["at"] = snapshot.At.ToString("O"),
            ["workflow"] = new JsonArray(job.Workflow.Select(e => (JsonNode)new JsonArray(e.From, e.To)).ToArray()),
            ["tasks"] = new JsonArray(job.Catalog.Select(t => (JsonNode)Task(t, snapshot)).ToArray()),
            ["sweeper"] = new JsonObject
            {
                ["lastRun"] = snapshot.LastSweep?.ToString("O"),
                ["lagMs"] = snapshot.SweeperLagMs,
            },
            ["windows"] = windows,
            ["firings"] = new JsonArray(snapshot.Firings.Select(f => (JsonNode)new JsonObject
            {
                ["at"] = f.At.ToString("O"),
                ["task"] = f.Task,
                ["windowId"] = f.WindowId,
                ["triggerId"] = f.TriggerId,
                ["count"] = f.Count,
            }).ToArray()),
        };
    }

    private static JsonObject Task(TaskSpec task, DashboardSnapshot snapshot)
    {
        var totals = snapshot.Tasks.GetValueOrDefault(task.Name);
        return new JsonObject
        {
            ["name"] = task.Name,
            ["type"] = task.Type.ToString().ToLowerInvariant(),
            ["topic"] = task.Topic,
            ["ingest"] = task.Ingest is not null,
            ["recordsIn"] = totals?.RecordsIn,
            ["recordsOut"] = totals?.RecordsOut,
            ["late"] = totals?.Late,
            ["deadLetters"] = totals?.DeadLetters,
            ["watermarkLagMs"] = totals?.WatermarkLagMs,
        };
    }

    private async Task<JsonObject> WindowAsync(JobSpec job, WindowSpec window, CancellationToken ct)
    {
        var view = job.TriggersOf(window.Id).Select(t => t.Sync?.Table).FirstOrDefault(t => t is not null);
        var extents = new JsonArray();
        string source;
        if (view is not null)
        {
            source = $"view {view}";
            var rows = await components.Views.ReadAsync(view, window.Id, null, ct);
            foreach (var row in rows.OrderByDescending(r => r.ExtentId).ThenBy(r => r.GroupKey, StringComparer.Ordinal).Take(MaxExtents))
                extents.Add(Extent(row));
        }
        else if (!job.Task(window.Task).IsGrouped)
        {
            source = "query";
            var state = await components.Query.QueryAsync(window.Id, GroupKey.None, null, ct);
            if (state?["extents"] is JsonArray found)
                foreach (var extent in found.Take(MaxExtents)) extents.Add(extent!.DeepClone());
        }
        else
        {
            source = "none: a grouped window without a Table view";
        }
        return new JsonObject
        {
            ["id"] = window.Id,
            ["task"] = window.Task,
            ["type"] = window.Type.ToString().ToLowerInvariant(),
            ["aggregation"] = window.Aggregation.Kind.ToString().ToLowerInvariant(),
            ["timed"] = window.KeyKind == WindowKeyKind.Time && window.Type is WindowType.Fixed or WindowType.Sliding or WindowType.Session,
            ["source"] = source,
            ["extents"] = extents,
        };
    }

    private static JsonObject Extent(ViewRow row) => new()
    {
        ["groupKey"] = JsonNode.Parse(row.GroupKey),
        ["extentId"] = row.ExtentId,
        ["lowerBound"] = JsonNode.Parse(row.LowerBound),
        ["upperBound"] = JsonNode.Parse(row.UpperBound),
        ["triggerId"] = row.TriggerId,
        ["state"] = JsonNode.Parse(row.State),
        ["version"] = row.Version,
    };
}
