using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>
/// Pre-aggregation before the hop changes how inputs cross it, never what the windows make of them: random streams
/// with producing and consuming batches lost and redelivered with other ends give the same window states, firings
/// and dead letters with it and without; and tasks whose windows need whole segments send them whole.
/// </summary>
public sealed class PreAggregationTests
{
    private static readonly TaskSpec Input = new() { Name = "in", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "events" };

    private static readonly TaskSpec Agg = new() { Name = "agg", Type = TaskType.Function, Fn = "spread", GroupByKey = new EquatableArray<string>(["k"]) };

    private static JobSpec Job(WindowSpec[] windows, TriggerSpec[] triggers, TaskSpec? task = null) => new()
    {
        Name = "hot",
        Workflow = [new WorkflowEdge("in", "agg")],
        Catalog = [Input, task ?? Agg],
        Windows = [.. windows],
        Triggers = [.. triggers],
        Time = new TimeSettings { AllowedLateness = TimeSpan.FromSeconds(5) },
    };

    private static WindowSpec Window(string id, WindowType type, AggregationSpec aggregation, string? key = null,
        WindowKeyKind kind = WindowKeyKind.Time, double? range = null) =>
        new() { Id = id, Task = "agg", Type = type, Aggregation = aggregation, WindowKey = key, KeyKind = kind, Range = range };

    private static TriggerSpec Segment(string id, string window, long threshold, bool all = false, Refinement refinement = Refinement.Accumulating) =>
        new() { Id = id, WindowId = window, On = TriggerKind.Segment, Threshold = threshold, FireAllExtents = all, Refinement = refinement };

    private static TriggerSpec Timer(string id, string window, int seconds) =>
        new() { Id = id, WindowId = window, On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(seconds) };

    private static TriggerSpec Watermark(string id, string window, Refinement refinement = Refinement.Accumulating) =>
        new() { Id = id, WindowId = window, On = TriggerKind.Watermark, Refinement = refinement };

    /// <summary>The combinations that pre-aggregate, by name.</summary>
    private static readonly Dictionary<string, JobSpec> Allowed = new()
    {
        ["global count: segment every 3, every 5 discarding all extents, timer"] = Job(
            [Window("all", WindowType.Global, AggregationSpec.Count)],
            [Segment("every-3", "all", 3), Segment("every-5", "all", 5, all: true, Refinement.Discarding), Timer("tick", "all", 10)]),
        ["numeric fixed sum and global max: segment, discarding segment, timer"] = Job(
            [Window("by-n", WindowType.Fixed, AggregationSpec.Sum("v"), "n", WindowKeyKind.Number, 10), Window("top", WindowType.Global, AggregationSpec.Max("v"))],
            [Segment("every-4", "by-n", 4, refinement: Refinement.Discarding), Segment("every-7", "top", 7), Timer("tick", "by-n", 5)]),
        ["global by time: average, min, and numeric sliding max"] = Job(
            [Window("avg", WindowType.Global, AggregationSpec.Average("v"), "time"), Window("low", WindowType.Global, AggregationSpec.Min("v"), "time"),
                Window("by-n", WindowType.Sliding, AggregationSpec.Max("v"), "n", WindowKeyKind.Number, 20) with { Slide = 5 }],
            [Segment("every-2", "avg", 2), Timer("tick", "low", 7), Segment("every-6", "by-n", 6, all: true)]),
        ["global count beside fixed time sum: watermark and percentile watermark"] = Job(
            [Window("all", WindowType.Global, AggregationSpec.Count), Window("minute", WindowType.Fixed, AggregationSpec.Sum("v"), "time", range: 60_000)],
            [Segment("every-3", "minute", 3), Watermark("closed", "minute", Refinement.Discarding),
                new TriggerSpec { Id = "p80", WindowId = "minute", On = TriggerKind.PercentileWatermark, Percentage = 0.8 }, Timer("tick", "all", 10)]),
    };

    /// <summary>Where a consuming batch's watermark-kind firings depend on where it ends, consuming batches are not cut.</summary>
    private static readonly HashSet<string> FiresOnTheWatermarkAtApply = ["global count beside fixed time sum: watermark and percentile watermark"];

    public static TheoryData<string, bool, int> Runs()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var name in Allowed.Keys)
        {
            foreach (var seed in new[] { 11, 23 })
            {
                data.Add(name, false, seed);
                if (!FiresOnTheWatermarkAtApply.Contains(name)) data.Add(name, true, seed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Window_states_firings_and_dead_letters_are_the_same_with_and_without_pre_aggregation(string combination, bool consumerCrashes, int seed)
    {
        var job = Allowed[combination];
        var with = new PreAggregationRun(job, PreAggregationRun.Registry(), preAggregate: true, consumerCrashes);
        var without = new PreAggregationRun(job, PreAggregationRun.Registry(), preAggregate: false, consumerCrashes);

        await with.RunAsync(seed, recordsPerPartition: 300);
        await without.RunAsync(seed, recordsPerPartition: 300);

        Assert.Null(PreAggregation.Refusal(CompiledTask.Compile(job, job.Task("agg"), PreAggregationRun.Registry())));
        Assert.Equal(await without.StatesAsync(), await with.StatesAsync());
        Assert.Equal(without.Firings, with.Firings);
        Assert.Equal(without.DeadLetters, with.DeadLetters);
        Assert.Equal(without.LaneMaxima, with.LaneMaxima);
        // Not vacuous: the stream fired, lost records to the dead letters, and crossed the hop in partials.
        Assert.NotEmpty(with.Firings);
        if (job.Windows.Any(w => w.Aggregation.Kind != AggregationKind.Count)) Assert.NotEmpty(with.DeadLetters);
        Assert.Equal(0, without.PartialRecordCount);
        Assert.True(with.PartialRecordCount > 0);
        Assert.True(with.InternalRecords * 3 < without.InternalRecords, $"{with.InternalRecords} internal records with, {without.InternalRecords} without");
    }

    private sealed class Concat : IUserAggregation
    {
        public JsonNode? Init() => JsonValue.Create("");

        public JsonNode? Apply(JsonNode? state, JsonObject segment) => JsonValue.Create(state!.GetValue<string>() + segment["k"]);
    }

    /// <summary>Combinations that need the segments themselves, with the reason each gives.</summary>
    public static TheoryData<string, string> Refused() => new()
    {
        { "uniqueness key", "uniqueness key" },
        { "collect", "Collect" },
        { "distinct count", "DistinctCount" },
        { "user aggregation", "Registered" },
        { "punctuation", "punctuation" },
        { "fixed time windows only", "late" },
        { "a numeric sliding window of more extents per segment than a transaction holds", "transaction" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Combinations_that_need_whole_segments_send_every_input_alone(string combination, string reason)
    {
        var global = Window("all", WindowType.Global, AggregationSpec.Count);
        var segment = Segment("every-3", "all", 3);
        var job = combination switch
        {
            "uniqueness key" => Job([global], [segment], Agg with { UniquenessKey = "n" }),
            "collect" => Job([global with { Aggregation = AggregationSpec.Collect }], [segment]),
            "distinct count" => Job([global with { Aggregation = new AggregationSpec(AggregationKind.DistinctCount, "v") }], [segment]),
            "user aggregation" => Job([global with { Aggregation = new AggregationSpec(AggregationKind.Registered, Name: "concat") }], [segment]),
            "punctuation" => Job([global], [new TriggerSpec { Id = "done", WindowId = "all", On = TriggerKind.Punctuation, Pred = PredicateSpec.FieldEquals("k", "\"a\"") }]),
            "a numeric sliding window of more extents per segment than a transaction holds" => Job(
                [Window("by-n", WindowType.Sliding, AggregationSpec.Count, "n", WindowKeyKind.Number, 100) with { Slide = 1 }], [Segment("every-3", "by-n", 3)]),
            _ => Job([Window("minute", WindowType.Fixed, AggregationSpec.Count, "time", range: 60_000)], [Segment("every-3", "minute", 3)]),
        };
        var registry = PreAggregationRun.Registry().AddAggregation("concat", new Concat());
        var run = new PreAggregationRun(job, registry, preAggregate: true, consumerCrashes: false);

        await run.RunAsync(seed: 5, recordsPerPartition: 40);

        Assert.Contains(reason, PreAggregation.Refusal(CompiledTask.Compile(job, job.Task("agg"), registry)));
        Assert.Equal(0, run.PartialRecordCount);
        Assert.True(run.InternalRecords > 0);
    }

    [Fact]
    public async Task A_backlog_of_partials_is_applied_in_slices_that_fire_no_more_each_than_inputs_sent_alone_could()
    {
        var job = Job([Window("all", WindowType.Global, AggregationSpec.Count)], [Segment("every-1", "all", 1)]);
        var (runtime, publisher) = InProcessRuntime(job);
        for (var start = 0; start < 2_000; start += 500)
        {
            await runtime.ProcessAsync("in", [.. Enumerable.Range(start, 500).Select(o =>
                new Functions.Hosting.KafkaEventRecord("events", 0, o, 1_790_000_000_000 + o, null, """{"k":"hot","copies":1}"""))], default);
        }
        var partials = new InternalTopicRelay(job).Take(publisher.Records).Single().Records;

        var outcome = await runtime.ProcessRepartitionedAsync("agg", partials, default);

        Assert.Equal(4, partials.Count);
        Assert.Equal(500, PreAggregation.InputsPerApply(CompiledTask.Compile(job, job.Task("agg"), PreAggregationRun.Registry())));
        Assert.Equal(4, outcome.Transactions);
        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), outcome.Firings.Select(f => f.State!.GetValue<long>()));
        Assert.Empty(outcome.DeadLetters);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"runs":[[3,0,[1]]],"time":null}""")]
    [InlineData("""{"runs":[[3,-1,[{}]]],"time":null}""")]
    [InlineData("""{"runs":[[3,0,[{}],0]],"time":null}""")]
    public async Task A_partial_that_cannot_be_read_goes_to_the_dead_letters_with_its_coordinates(string value)
    {
        var job = Job([Window("all", WindowType.Global, AggregationSpec.Count)], [Segment("every-3", "all", 3)]);
        var (runtime, publisher) = InProcessRuntime(job);
        var header = new Functions.Hosting.KafkaHeader(PartialRecords.PartialHeader, System.Text.Encoding.UTF8.GetBytes("events/0"));
        var record = new Functions.Hosting.KafkaEventRecord(PreAggregationRun.InternalTopic, 0, 42, 0, "\"hot\"", value, [header]);

        var outcome = await runtime.ProcessRepartitionedAsync("agg", [record], default);

        var letter = Assert.Single(outcome.DeadLetters);
        Assert.Equal(new Segments.SourceCoordinates(PreAggregationRun.InternalTopic, 0, 42), letter.Source);
        Assert.Contains("partial", letter.Reason);
        Assert.Equal(0, outcome.Applied);
    }

    [Fact]
    public void The_election_sample_whose_tasks_declare_a_uniqueness_key_is_not_pre_aggregated()
    {
        var rig = new RuntimeRig();

        Assert.True(rig.Runtime.IsRepartitioned("by-candidate"));
        Assert.False(rig.Runtime.PreAggregates("by-candidate"));
        Assert.False(rig.Runtime.PreAggregates("all-votes"));
    }

    /// <summary>The job's runtime on in-process stores, with no progress kept, and the publisher that keeps what it sends.</summary>
    private static (JobRuntime Runtime, RuntimeRig.CapturingPublisher Publisher) InProcessRuntime(JobSpec job)
    {
        var publisher = new RuntimeRig.CapturingPublisher(null);
        var runtime = new JobRuntime(job, PreAggregationRun.Registry(), new JobRuntimeServices
        {
            Store = new Durable.Storage.Memory.InMemoryWindowEntityStore(),
            Views = new Durable.Sinks.InMemoryViewStore(),
            RecordTables = new Durable.Sinks.InMemoryRecordTableStore(),
            Publisher = publisher,
            Progress = new NoProgressTracker(),
        });
        return (runtime, publisher);
    }
}
