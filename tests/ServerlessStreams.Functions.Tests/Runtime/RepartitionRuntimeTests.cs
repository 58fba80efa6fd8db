using System.Text;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>
/// Both sides of a repartitioned task in one runtime: the stage produces the task's inputs to its internal topic, the
/// keyed side applies them. clicks → count (grouped by user) directly, and through fan-out, a function that makes two
/// more segments of every click (a copy, and one for user "shadow"); count's function keeps a segment unless it is
/// marked "drop".
/// </summary>
public sealed class RepartitionRuntimeTests
{
    private const string InternalTopic = "clicks-count-repartition";

    private static readonly JobSpec Job = new()
    {
        Name = "clicks",
        Workflow = [new WorkflowEdge("in", "count"), new WorkflowEdge("in", "fan-out"), new WorkflowEdge("fan-out", "count")],
        Catalog =
        [
            new TaskSpec { Name = "in", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "clicks" },
            new TaskSpec { Name = "fan-out", Type = TaskType.Function, Fn = "fan-out" },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "skip-dropped", GroupByKey = new EquatableArray<string>(["user"]) },
        ],
        Windows = [new WindowSpec { Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000 }],
        Time = new TimeSettings { AllowedLateness = TimeSpan.FromDays(1) },
    };

    private static JobRegistry Registry() => new JobRegistry()
        .AddFunction("fan-out", click => [(JsonObject)click.DeepClone(), new JsonObject { ["user"] = "shadow", ["time"] = click["time"]!.DeepClone() }])
        .AddFunction("skip-dropped", segment => segment["drop"] is null ? [segment] : []);

    private sealed class Rig
    {
        public Rig()
        {
            Runtime = new JobRuntime(Job, Registry(), new JobRuntimeServices
            {
                Store = Store,
                Views = new InMemoryViewStore(),
                RecordTables = new InMemoryRecordTableStore(),
                Publisher = Publisher,
                Progress = new StoreProgressTracker(Job, Progress, TimeProvider.System, new OnePartition()),
            });
            Relay = new InternalTopicRelay(Job);
        }

        public InMemoryWindowEntityStore Store { get; } = new();
        public InMemoryProgressStore Progress { get; } = new();
        public RuntimeRig.CapturingPublisher Publisher { get; } = new(null);
        public JobRuntime Runtime { get; }
        public InternalTopicRelay Relay { get; }

        public List<OutgoingRecord> Internal => Publisher.Records.Where(r => r.Topic == InternalTopic).ToList();

        public List<KafkaEventRecord> TakeInternal() => Relay.Take(Publisher.Records).SingleOrDefault().Records ?? [];

        public async Task<long> CountAsync(string user)
        {
            var result = await new WindowQuery(Job, Registry(), Store).QueryAsync("per-minute", GroupKey.From(JsonValue.Create(user)), null, default);
            return result!["extents"]!.AsArray().Sum(e => e!["state"]!.GetValue<long>());
        }
    }

    private sealed class OnePartition : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(1);
    }

    private static KafkaEventRecord Click(long offset, string user, bool drop = false) =>
        new("clicks", 0, offset, 1_790_000_000_000 + offset, $"k{offset}",
            drop ? $$"""{"user":"{{user}}","time":{{offset * 1000}},"drop":true}""" : $$"""{"user":"{{user}}","time":{{offset * 1000}}}""");

    private static InternalOrigin Origin(OutgoingRecord record) =>
        InternalOrigin.Decode(Assert.Single(record.Headers, h => h.Key == InternalRecords.OriginHeader).Value, out _)!;

    [Fact]
    public async Task The_stage_produces_each_input_keyed_by_its_group_key_in_origin_order_and_applies_nothing()
    {
        var rig = new Rig();

        var outcome = await rig.Runtime.ProcessAsync("in", [Click(7, "ann"), Click(8, "bob")], default);

        // Each click reaches count three times: itself, then the two segments fan-out made of it, indexes 0, 1, 2.
        Assert.Equal(
            ["clicks/0/7/0", "clicks/0/7/1", "clicks/0/7/2", "clicks/0/8/0", "clicks/0/8/1", "clicks/0/8/2"],
            rig.Internal.Select(r => Origin(r).Origin.ToString()));
        Assert.Equal(["\"ann\"", "\"ann\"", "\"shadow\"", "\"bob\"", "\"bob\"", "\"shadow\""], rig.Internal.Select(r => r.Key));
        Assert.Equal(["clicks/0/7", "clicks/0/7#0", "clicks/0/7#1"], rig.Internal.Take(3).Select(r => Origin(r).Id.Value));
        // One header carries everything; the segment id travels in it, not in a header of its own.
        Assert.All(rig.Internal, r => Assert.Equal([InternalRecords.OriginHeader], r.Headers.Select(h => h.Key)));
        Assert.All(rig.Internal, r => Assert.Null(r.Id));
        Assert.Equal("k7", Origin(rig.Internal[0]).KafkaKey);
        Assert.Equal(1_790_000_000_000 + 7, Origin(rig.Internal[0]).Timestamp);
        Assert.Null(Origin(rig.Internal[0]).DedupeId);
        Assert.Equal("""[{"user":"ann","time":7000}]""", Encoding.UTF8.GetString(rig.Internal[0].Value.Span));
        Assert.Equal(0, outcome.Transactions);
        Assert.Empty(await rig.Progress.ReadAsync("clicks", "count", default));
        Assert.Empty(await ListAsync(rig));
    }

    [Fact]
    public async Task An_input_whose_window_key_cannot_be_read_goes_to_the_dead_letters_from_the_stage_and_never_crosses_the_hop()
    {
        var rig = new Rig();
        var unreadable = new KafkaEventRecord("clicks", 0, 5, 1_790_000_000_000, "k5", """{"user":"ann","time":"soon"}""");

        var outcome = await rig.Runtime.ProcessAsync("in", [Click(4, "ann"), unreadable], default);
        var applied = await rig.Runtime.ProcessRepartitionedAsync("count", rig.TakeInternal(), default);

        // The click itself and both segments fan-out made of it carry the time count's window cannot read.
        Assert.Equal(3, outcome.DeadLetters.Count);
        Assert.All(outcome.DeadLetters, letter =>
        {
            Assert.Equal(new SourceCoordinates("clicks", 0, 5), letter.Source);
            Assert.Equal("count", letter.Task);
            Assert.Contains("time", letter.Reason);
        });
        Assert.Equal(3, rig.Publisher.Records.Count(r => r.Topic == "clicks-dead-letters"));
        Assert.DoesNotContain(rig.Internal, r => Origin(r).Origin.Source.Offset == 5);
        Assert.Empty(applied.DeadLetters);
        Assert.Equal(3, applied.Applied);
    }

    [Fact]
    public async Task The_keyed_side_applies_the_inputs_once_however_often_they_come()
    {
        var rig = new Rig();
        await rig.Runtime.ProcessAsync("in", [Click(0, "ann"), Click(1, "ann"), Click(2, "bob")], default);
        var first = rig.TakeInternal();
        // The stage's batch comes again, and produces every input again.
        await rig.Runtime.ProcessAsync("in", [Click(0, "ann"), Click(1, "ann"), Click(2, "bob"), Click(3, "bob")], default);
        var second = rig.TakeInternal();

        var applied = await rig.Runtime.ProcessRepartitionedAsync("count", first, default);
        var again = await rig.Runtime.ProcessRepartitionedAsync("count", [.. first, .. second], default);

        Assert.Equal(9, applied.Applied);
        Assert.Equal(3, again.Applied);
        Assert.Equal(9 + 9, again.Duplicates);
        Assert.Equal(4, await rig.CountAsync("ann"));
        Assert.Equal(4, await rig.CountAsync("bob"));
        Assert.Equal(4, await rig.CountAsync("shadow"));
        Assert.Equal(0, again.Conflicts);
    }

    [Fact]
    public async Task An_input_whose_function_returned_nothing_has_no_internal_record_and_the_next_position_passes_it()
    {
        var rig = new Rig();

        await rig.Runtime.ProcessAsync("in", [Click(0, "ann", drop: true), Click(1, "ann")], default);
        await rig.Runtime.ProcessRepartitionedAsync("count", rig.TakeInternal(), default);

        // Count kept nothing of click 0 and of its copy (indexes 0 and 1), only the shadow segment (index 2).
        Assert.Equal(["clicks/0/0/2", "clicks/0/1/0", "clicks/0/1/1", "clicks/0/1/2"], rig.Internal.Select(r => Origin(r).Origin.ToString()));
        Assert.Equal(2, await rig.CountAsync("ann"));
        Assert.Equal(2, await rig.CountAsync("shadow"));
    }

    [Fact]
    public async Task The_keyed_side_reports_progress_per_origin_and_internal_partition()
    {
        var rig = new Rig();
        await rig.Runtime.ProcessAsync("in", [Click(0, "ann"), Click(5, "bob")], default);

        await rig.Runtime.ProcessRepartitionedAsync("count", rig.TakeInternal(), default);

        var row = Assert.Single(await rig.Progress.ReadAsync("clicks", "count", default));
        Assert.Equal("clicks/0>0", row.Source);
        Assert.Equal(5_000, row.MaxEventTime);
    }

    [Fact]
    public async Task A_record_that_is_not_an_internal_record_goes_to_the_dead_letters_with_its_coordinates()
    {
        var rig = new Rig();
        KafkaEventRecord stray = new(InternalTopic, 0, 42, 0, "\"ann\"", """[{"user":"ann","time":1}]""");

        var outcome = await rig.Runtime.ProcessRepartitionedAsync("count", [stray], default);

        var letter = JsonNode.Parse(Assert.Single(rig.Publisher.Records, r => r.Topic == "clicks-dead-letters").Value.Span)!;
        Assert.Equal(InternalTopic, letter["topic"]!.GetValue<string>());
        Assert.Equal(42, letter["offset"]!.GetValue<long>());
        Assert.Contains("ss-origin", letter["reason"]!.GetValue<string>());
        Assert.Single(outcome.DeadLetters);
    }

    [Fact]
    public async Task A_record_whose_origin_header_cannot_be_read_goes_to_the_dead_letters_with_the_reason()
    {
        var rig = new Rig();
        KafkaEventRecord garbled = new(InternalTopic, 0, 43, 0, "\"ann\"", """[{"user":"ann","time":1}]""",
            new EquatableArray<KafkaHeader>([new KafkaHeader(InternalRecords.OriginHeader, Encoding.UTF8.GetBytes("clicks/0/7/0"))]));

        var outcome = await rig.Runtime.ProcessRepartitionedAsync("count", [garbled], default);

        var letter = JsonNode.Parse(Assert.Single(rig.Publisher.Records, r => r.Topic == "clicks-dead-letters").Value.Span)!;
        Assert.Equal(43, letter["offset"]!.GetValue<long>());
        Assert.Contains("header ss-origin is not of format 1", letter["reason"]!.GetValue<string>());
        Assert.Equal(0, outcome.Applied);
    }

    [Fact]
    public async Task A_task_that_is_not_repartitioned_is_refused_by_the_keyed_side()
    {
        var rig = new Rig();

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Runtime.ProcessRepartitionedAsync("fan-out", [], default));
    }

    private static async Task<List<Durable.Storage.EntityKey>> ListAsync(Rig rig)
    {
        var keys = new List<Durable.Storage.EntityKey>();
        await foreach (var key in rig.Store.ListEntitiesAsync("clicks", default)) keys.Add(key);
        return keys;
    }
}
