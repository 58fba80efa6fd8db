using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Leases;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Tests.Sweeping;

/// <summary>A job's stage and sweeper over one store, with a clock that moves only when a test moves it.</summary>
public sealed class SweeperRig
{
    public const string Topic = "events";
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private long _nextOffset;

    internal SweeperRig(JobSpec job, IWindowEntityStore store, IDueEntityIndex? index = null, IProgressStore? progress = null)
    {
        Job = job;
        Store = store;
        Progress = progress ?? new InMemoryProgressStore();
        Stage = new FunctionStage(job, job.Task("count"), JobRegistry.Default);
        Applier = new EntityApplier(job.Name, Stage, store, Clock);
        Sinks = new FiringSinks(job, JobRegistry.Default, Views);
        Index = index ?? new ScanningDueEntityIndex(store);
    }

    public JobSpec Job { get; }
    internal IWindowEntityStore Store { get; }
    internal IProgressStore Progress { get; }
    public FakeTimeProvider Clock { get; } = new(Start);
    internal FunctionStage Stage { get; }
    internal EntityApplier Applier { get; }
    internal InMemoryViewStore Views { get; } = new();
    internal FiringSinks Sinks { get; }
    internal IDueEntityIndex Index { get; }

    internal Sweeper NewSweeper(ILeaseProvider? leases = null, IWindowEntityStore? store = null) => new(
        Job,
        new Dictionary<string, EntityApplier> { ["count"] = store is null ? Applier : new EntityApplier(Job.Name, Stage, store, Clock) },
        store ?? Store, Index, Progress, leases ?? new InMemoryLeaseProvider(Clock), Sinks, Clock);

    /// <summary>Applies segments as a stage invocation does: watermark first, progress after, firings to sinks.</summary>
    internal async Task<ApplyResult> SendAsync(int partition, params (string User, TimeSpan At)[] events)
    {
        var inputs = events.Select(e =>
        {
            var offset = _nextOffset++;
            var segment = new Segment
            {
                Id = SegmentId.FromSource(Topic, partition, offset),
                Payload = new JsonObject { ["user"] = e.User, ["time"] = (Start + e.At).ToUnixTimeMilliseconds() },
                Source = new SourceCoordinates(Topic, partition, offset),
            };
            return new KeyedInput(segment, Stage.Process(segment));
        }).ToList();
        var watermark = Watermarks.Compute(await Progress.ReadAsync(Job.Name, "count", default), Clock.GetUtcNow(), Job.Time);
        var result = await Applier.ApplyAsync(inputs, watermark, default);
        await Sinks.DeliverAsync(result.Firings, default);
        var maxima = events.Length == 0 ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            [$"{Topic}/{partition}"] = events.Max(e => (double)(Start + e.At).ToUnixTimeMilliseconds()),
        };
        await Progress.ReportAsync(Job.Name, "count", maxima, Clock.GetUtcNow(), default);
        return result;
    }

    /// <summary>count grouped by user: fixed 1-minute windows fired by watermark, and a global count fired every 5 s.</summary>
    public static JobSpec Job_(bool discarding = false, TimeSpan? allowedLateness = null) => new()
    {
        Name = "sweep",
        Workflow = [new WorkflowEdge("events", "count")],
        Catalog =
        [
            new TaskSpec { Name = "events", Type = TaskType.Input, Medium = Medium.Kafka, Topic = Topic },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "identity", GroupByKey = ["user"], UniquenessKey = null },
        ],
        Windows =
        [
            new WindowSpec { Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000 },
            new WindowSpec { Id = "total", Task = "count", Type = WindowType.Global, Aggregation = AggregationSpec.Count, WindowKey = "time" },
        ],
        Triggers =
        [
            new TriggerSpec { Id = "closed", WindowId = "per-minute", On = TriggerKind.Watermark, Refinement = discarding ? Refinement.Discarding : Refinement.Accumulating, Sync = new SyncSpec { Table = "PerMinute" } },
            new TriggerSpec { Id = "tick", WindowId = "total", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(5), Sync = new SyncSpec { Table = "Totals" } },
        ],
        Time = new TimeSettings { MaxOutOfOrderness = TimeSpan.FromSeconds(10), AllowedLateness = allowedLateness ?? TimeSpan.Zero, IdleTimeout = TimeSpan.FromMinutes(1) },
        DedupeRetention = TimeSpan.FromDays(1),
    };
}
