using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// The benchmark's input: votes as Kafka would deliver them (JSON parsed into nodes), spread over keys and
/// ten minutes of event time, a little out of order; and the job that counts them per key per minute.
/// </summary>
internal sealed class EngineWorkload
{
    public const string KeyField = "candidate";
    public const string TimeField = "eventTime";
    public const double WindowMs = 60_000;
    public const long Start = 1_730_793_600_000; // 2024-11-05T08:00:00Z

    private EngineWorkload(Segment[] segments, int keys, long threshold)
    {
        Segments = segments;
        Keys = keys;
        Threshold = threshold;
    }

    public Segment[] Segments { get; }
    public int Keys { get; }
    public long Threshold { get; }

    /// <summary>A watermark below every event time: the runtime always passes one, and nothing here is late.</summary>
    public double Watermark => Start - 3_600_000;

    public static EngineWorkload Create(int segments, int keys, long threshold, int seed = 42)
    {
        var random = new Random(seed);
        var span = 10 * WindowMs;
        var items = new Segment[segments];
        for (var i = 0; i < segments; i++)
        {
            var key = random.Next(keys);
            var time = Start + (long)(span * i / segments) + random.Next(-30_000, 30_000);
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"{{KeyField}}":"c{{key:D5}}","{{TimeField}}":{{Math.Max(Start, time)}},"voterId":"v{{i}}"}""");
            items[i] = new Segment
            {
                Id = SegmentId.FromSource("votes", 0, i),
                Payload = JsonNode.Parse(json)!.AsObject(),
                Source = new SourceCoordinates("votes", 0, i),
            };
        }
        return new EngineWorkload(items, keys, threshold);
    }

    public JobSpec Job() => new()
    {
        Name = "engine-bench",
        Workflow = new[] { new WorkflowEdge("votes", "count") },
        Catalog = new[]
        {
            new TaskSpec { Name = "votes", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "votes" },
            new TaskSpec { Name = "count", Type = TaskType.Function, GroupByKey = new[] { KeyField } },
        },
        Windows = new[]
        {
            new WindowSpec
            {
                Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count,
                WindowKey = TimeField, Range = WindowMs,
            },
        },
        Triggers = new[]
        {
            new TriggerSpec { Id = "every-n", WindowId = "per-minute", On = TriggerKind.Segment, Threshold = Threshold },
        },
    };
}
