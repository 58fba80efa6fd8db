using System.Globalization;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// One hot key: every record counted in one global window under no group key, the total synced to a view every
/// second. The records are keyed by their own id, so they spread over every partition and all meet in one entity.
/// </summary>
internal sealed class HotKeyWorkload : ScaleWorkload
{
    private const string Window = "total";

    public override string Name => "hot key";

    /// <summary>As many as the e2e benchmark's rounds, so the start (joining, the first fetch) weighs little.</summary>
    public override int DefaultRecords => 100_000;

    public override string InputTask => "events";

    public override JobSpec JobFor(string tag) => Tagged(new JobSpec
    {
        Name = "hot",
        Workflow = [new WorkflowEdge("events", "count-all")],
        Catalog =
        [
            new TaskSpec { Name = "events", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "events", BatchSize = 500 },
            new TaskSpec { Name = "count-all", Type = TaskType.Function, Fn = "identity" },
        ],
        Windows =
        [
            new WindowSpec { Id = Window, Task = "count-all", Type = WindowType.Global, Aggregation = AggregationSpec.Count, WindowKey = "time" },
        ],
        Triggers =
        [
            new TriggerSpec { Id = "every-second", WindowId = Window, On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(1), Sync = SyncSpec.ToTable("HotTotal") },
        ],
    }, tag);

    public override IReadOnlyList<string> Records(int count) =>
        Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"e{i}\",\"time\":{1_700_000_000_000L + i * 10L}}}")).ToList();

    /// <summary>The record's id: <c>{"id":"e123",…</c>.</summary>
    public override string? KeyOf(string record) => record[7..record.IndexOf('"', 7)];

    public override IReadOnlyList<string> ViewedWindows => [Window];

    public override IReadOnlyDictionary<WindowCount, long> Expected(IEnumerable<string> records) =>
        new Dictionary<WindowCount, long> { [new(Window, GroupKey.None)] = records.LongCount() };
}
