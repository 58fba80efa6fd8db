using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// The dashboard's data, one JSON document: the job's workflow; per task the totals the page turns into rates (from
/// the worker's <see cref="StreamMetricsListener"/>), the consumer lag of each Kafka-triggered task (from the broker)
/// and the watermark of each windowed task (from the progress rows every instance shares); the sweeper's last run;
/// per window its current extents with their values (from the window's Table view, or the window query for an
/// ungrouped task) and the last firings. Lag and watermarks are <see cref="CachedReading{T}"/>s, so a slow broker or
/// table delays the page by at most <see cref="CachedReadingOptions.Wait"/>.
/// </summary>
internal sealed class DashboardData
{
    /// <summary>Extents listed per window, the most recent first.</summary>
    public const int MaxExtents = 48;

    private readonly JobComponents _components;
    private readonly Dictionary<string, CachedReading<ConsumerLag>> _lags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CachedReading<double?>> _watermarks = new(StringComparer.Ordinal);

    public DashboardData(JobComponents components, TimeProvider time, CachedReadingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = components;
        options ??= new CachedReadingOptions();
        var job = components.Job;
        if (components.ConsumerLag is { } lag)
        {
            foreach (var task in FunctionNames.TriggeredTasks(job))
            {
                var group = AppSettingNames.ConsumerGroupOf(job.Name, task.Name);
                var topic = components.Runtime.Services.ResolveTopic(task.Name, task.Topic!);
                _lags[task.Name] = new CachedReading<ConsumerLag>(ct => lag.ReadAsync(group, topic, ct), options, time);
            }
        }
        foreach (var task in job.Catalog.Where(t => t.Type == TaskType.Function && job.WindowsOf(t.Name).Any()))
            _watermarks[task.Name] = new CachedReading<double?>(ct => components.Runtime.Services.Progress.WatermarkAsync(task.Name, ct), options, time);
    }

    public async Task<JsonObject> ReadAsync(CancellationToken ct)
    {
        var job = _components.Job;
        var snapshot = _components.MetricsListener.Snapshot();
        var lags = await ReadAllAsync(_lags, ct);
        var watermarks = await ReadAllAsync(_watermarks, ct);
        var windows = new JsonArray();
        foreach (var window in job.Windows) windows.Add(await WindowAsync(job, window, ct));
        return new JsonObject
        {
            ["job"] = job.Name,
            ["at"] = snapshot.Timestamp.ToString("O"),
            ["workflow"] = new JsonArray(job.Workflow.Select(e => (JsonNode)new JsonArray(e.From, e.To)).ToArray()),
            ["tasks"] = new JsonArray(job.Catalog.Select(t => (JsonNode)TaskJson(job, t, snapshot, lags.GetValueOrDefault(t.Name), watermarks.GetValueOrDefault(t.Name))).ToArray()),
            ["sweeper"] = new JsonObject
            {
                ["lastRun"] = snapshot.LastSweep?.At.ToString("O"),
                ["swept"] = snapshot.LastSweep?.Swept,
                ["lagMs"] = snapshot.LastSweep?.LagMilliseconds,
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

    /// <summary>Every reading at once, so the page waits for the slowest rather than for their sum.</summary>
    private static async Task<Dictionary<string, Reading<T>>> ReadAllAsync<T>(Dictionary<string, CachedReading<T>> readings, CancellationToken ct)
    {
        var tasks = readings.ToDictionary(r => r.Key, r => r.Value.GetAsync(ct), StringComparer.Ordinal);
        await Task.WhenAll(tasks.Values);
        return tasks.ToDictionary(t => t.Key, t => t.Value.Result, StringComparer.Ordinal);
    }

    private static JsonObject TaskJson(JobSpec job, TaskSpec task, MetricsSnapshot snapshot, Reading<ConsumerLag>? lag, Reading<double?>? watermark)
    {
        var totals = snapshot.Tasks.GetValueOrDefault(task.Name);
        var timed = job.WindowsOf(task.Name).Any(w => w.KeyKind == WindowKeyKind.Time);
        var mark = watermark?.Value;
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
            ["lag"] = lag is null ? null : Lag(lag),
            ["watermark"] = mark is not { } value ? null
                : timed ? DateTimeOffset.FromUnixTimeMilliseconds((long)value).ToString("O") : value,
            ["watermarkLagMs"] = mark is { } ms && timed ? Math.Max(0, snapshot.Timestamp.ToUnixTimeMilliseconds() - ms) : null,
            ["watermarkError"] = watermark?.Error,
        };
    }

    private static JsonObject Lag(Reading<ConsumerLag> reading) => new()
    {
        ["records"] = reading.Value?.Records,
        ["at"] = reading.At?.ToString("O"),
        ["error"] = reading.Error,
        ["partitions"] = reading.Value is not { } lag ? null : new JsonArray(lag.Partitions.Select(p => (JsonNode)new JsonObject
        {
            ["partition"] = p.Partition,
            ["committed"] = p.Committed,
            ["end"] = p.End,
            ["lag"] = p.Lag,
        }).ToArray()),
    };

    private async Task<JsonObject> WindowAsync(JobSpec job, WindowSpec window, CancellationToken ct)
    {
        var view = job.TriggersOf(window.Id).Select(t => t.Sync?.Table).FirstOrDefault(t => t is not null);
        var extents = new JsonArray();
        string source;
        if (view is not null)
        {
            source = $"view {view}";
            var rows = await _components.Views.ReadAsync(view, window.Id, null, ct);
            foreach (var row in rows.OrderByDescending(r => r.ExtentId).ThenBy(r => r.GroupKey, StringComparer.Ordinal).Take(MaxExtents))
                extents.Add(Extent(row));
        }
        else if (!job.Task(window.Task).IsGrouped)
        {
            source = "query";
            var state = await _components.Query.QueryAsync(window.Id, GroupKey.None, null, ct);
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
