using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>Small jobs and segment streams for applier tests, with an independent expected count.</summary>
internal static class ApplierJobs
{
    public const string Topic = "clicks";
    public const long MinuteMs = 60_000;

    /// <summary>clicks → count-clicks (grouped by user, fixed 1-minute count, segment trigger to <paramref name="sync"/>) → nothing.</summary>
    public static JobSpec Counting(string? uniquenessKey = null, AggregationSpec? aggregation = null, SyncSpec? sync = null) => new()
    {
        Name = "clicks",
        Workflow = [new WorkflowEdge("clicks", "count-clicks")],
        Catalog =
        [
            new TaskSpec { Name = "clicks", Type = TaskType.Input, Medium = Medium.Kafka, Topic = Topic },
            new TaskSpec { Name = "count-clicks", Type = TaskType.Function, Fn = "identity", GroupByKey = new EquatableArray<string>(["user"]), UniquenessKey = uniquenessKey },
        ],
        Windows =
        [
            new WindowSpec { Id = "per-minute", Task = "count-clicks", Type = WindowType.Fixed, Aggregation = aggregation ?? AggregationSpec.Count, WindowKey = "time", Range = MinuteMs },
        ],
        Triggers =
        [
            new TriggerSpec { Id = "every-50", WindowId = "per-minute", On = TriggerKind.Segment, Threshold = 50, Sync = sync },
        ],
    };

    public static FunctionStage Stage(JobSpec job) => new(job, job.Task("count-clicks"), JobRegistry.Default);

    /// <summary>Deterministic clicks: user u{i % users}, times spread over <paramref name="minutes"/> minutes, shuffled a little.</summary>
    public static List<Segment> Clicks(int count, int users, int minutes, int partition = 0, long firstOffset = 0, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<Segment>(count);
        for (var i = 0; i < count; i++)
        {
            var offset = firstOffset + i;
            var payload = new JsonObject
            {
                ["user"] = $"u{random.Next(users)}",
                ["time"] = (long)random.Next(minutes) * MinuteMs + random.Next((int)MinuteMs),
                ["clickId"] = $"c{offset}",
                ["payload"] = "x",
            };
            list.Add(new Segment
            {
                Id = SegmentId.FromSource(Topic, partition, offset),
                Payload = payload,
                Source = new SourceCoordinates(Topic, partition, offset),
            });
        }
        return list;
    }

    public static List<KeyedInput> Keyed(FunctionStage stage, IEnumerable<Segment> segments) =>
        segments.Select(s => new KeyedInput(s, stage.Process(s))).ToList();

    /// <summary>The expected counts, computed without the engine: (user, minute) → clicks.</summary>
    public static Dictionary<(string User, long Minute), long> ExpectedCounts(IEnumerable<Segment> segments) =>
        segments
            .GroupBy(s => (s.Payload["user"]!.GetValue<string>(), s.Payload["time"]!.GetValue<long>() / MinuteMs))
            .ToDictionary(g => g.Key, g => (long)g.Count());
}
