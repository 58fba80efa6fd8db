using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Testing;

public sealed partial class JobTestDriver
{
    /// <summary>
    /// Every firing so far, in the order the runtime and the sweeper delivered them, each once (a firing redelivered
    /// with the same version, as production redelivers pending firings to its idempotent sinks, is listed once).
    /// </summary>
    public IReadOnlyList<Firing> Firings => _firings;

    /// <summary>Firings in the line format of <c>simulate</c>: <c>{"windowId","triggerId","groupKey","lowerBound","upperBound","event","state"}</c>.</summary>
    public IReadOnlyList<JsonObject> FiringLines()
    {
        var kinds = Job.Windows.ToDictionary(w => w.Id, w => w.KeyKind);
        return [.. _firings.Select(f => FiringJson.ToJson(f, kinds[f.WindowId]))];
    }

    /// <summary>
    /// Records that could not be processed, in order, each with its reason, the task that rejected it and its source
    /// (topic, partition, offset): what production writes to the job's dead-letter topic or Table
    /// (<see cref="DeadLetter.ToJson"/>). A redelivered bad record is a dead letter again, as in production.
    /// </summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Records that belonged to no open window extent (reason <c>late</c>), in order: what production writes to the late-data sink.</summary>
    public IReadOnlyList<DeadLetter> Late => _late;

    /// <summary>
    /// The records produced to <paramref name="topicOrTask"/> — a topic, or an output task whose topic it is — in order:
    /// output records, firings synced to a topic, dead letters and late records as production produces them.
    /// </summary>
    public IReadOnlyList<TestOutputRecord> Outputs(string topicOrTask)
    {
        ArgumentNullException.ThrowIfNull(topicOrTask);
        var task = Job.Catalog.FirstOrDefault(t => t.Name == topicOrTask && t.Type == Spec.TaskType.Output && t.Topic is not null);
        return _topics.Outputs(task?.Topic ?? topicOrTask);
    }

    /// <summary>The topics the job has produced records to so far, in name order (internal repartition topics excluded).</summary>
    public IReadOnlyList<string> OutputTopics => _topics.OutputTopics;

    /// <summary>
    /// The rows of the Table view <paramref name="table"/> (a trigger's <c>sync.table</c>), by window, key and extent:
    /// the latest firing of each extent. <paramref name="windowId"/> and <paramref name="groupKey"/> (JSON, or a plain
    /// string) narrow them down.
    /// </summary>
    public async Task<IReadOnlyList<ViewRow>> ViewAsync(string table, string? windowId = null, string? groupKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var windows = Job.Triggers.Where(t => t.Sync?.Table == table).Select(t => t.WindowId).Distinct().ToList();
        if (windows.Count == 0) throw new ArgumentException($"job '{Job.Name}' has no Table view '{table}'", nameof(table));
        if (windowId is not null)
        {
            if (!windows.Contains(windowId)) throw new ArgumentException($"view '{table}' has no window '{windowId}'", nameof(windowId));
            windows = [windowId];
        }
        var key = groupKey is null ? null : GroupKeyText.Parse(groupKey).Json;
        var rows = new List<ViewRow>();
        foreach (var window in windows) rows.AddRange(await Components.Views.ReadAsync(table, window, key, ct));
        return rows;
    }

    /// <summary>
    /// The current state of window <paramref name="windowId"/> for one group key (JSON such as <c>"Alice"</c> or
    /// <c>["a",1]</c>, a plain string, or null for a window without group-by), read from its entity as the query
    /// function reads it: <c>{"job","window","groupKey","extents":[{"extentId","lowerBound","upperBound","state"}]}</c>.
    /// </summary>
    public async Task<JsonObject> WindowStateAsync(string windowId, string? groupKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(windowId);
        var key = groupKey is null ? GroupKey.None : GroupKeyText.Parse(groupKey);
        return await Components.Query.QueryAsync(windowId, key, extentId: null, ct)
            ?? throw new ArgumentException($"job '{Job.Name}' has no window '{windowId}'", nameof(windowId));
    }

    /// <summary>
    /// A windowed task's watermark as the runtime computes it (epoch milliseconds for time window keys), or null while
    /// none is known (a partition without data holds it back until it has data or is idle).
    /// </summary>
    public Task<double?> WatermarkAsync(string task, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!Components.Runtime.Appliers.ContainsKey(task)) throw new ArgumentException($"job '{Job.Name}' has no function task '{task}'", nameof(task));
        return Components.Runtime.Services.Progress.WatermarkAsync(task, ct);
    }
}
