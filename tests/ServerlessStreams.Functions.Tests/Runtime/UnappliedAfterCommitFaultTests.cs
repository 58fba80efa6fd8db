using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Faults;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>
/// Late and rejected segments are decided by the window entities, and a redelivered batch skips the positions a
/// commit applied: so they are sent before that commit. A commit that succeeds but whose answer is lost
/// (<see cref="CommitFault.AfterCommit"/>) fails the invocation; after redelivery every late record and dead letter is
/// out, any copy with the id of the first.
/// </summary>
public sealed class UnappliedAfterCommitFaultTests
{
    private const long Minute = 60_000;

    /// <summary>clicks → sum of n per user and minute; keyed by user (no hop) or not (through the internal topic).</summary>
    private static JobSpec Job(bool keyedByUser) => new()
    {
        Name = "clicks",
        Workflow = [new WorkflowEdge("in", "sum")],
        Catalog =
        [
            new TaskSpec
            {
                Name = "in", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "clicks",
                KeyedBy = keyedByUser ? new EquatableArray<string>(["user"]) : (EquatableArray<string>?)null,
            },
            new TaskSpec { Name = "sum", Type = TaskType.Function, Fn = "identity", GroupByKey = new EquatableArray<string>(["user"]) },
        ],
        Windows = [new WindowSpec { Id = "per-minute", Task = "sum", Type = WindowType.Fixed, Aggregation = AggregationSpec.Sum("n"), WindowKey = "time", Range = Minute }],
        Time = new TimeSettings { MaxOutOfOrderness = TimeSpan.Zero, AllowedLateness = TimeSpan.Zero },
    };

    private sealed class Rig
    {
        public Rig(bool keyedByUser)
        {
            var job = Job(keyedByUser);
            Store = new FaultInjectingWindowEntityStore(new InMemoryWindowEntityStore());
            Runtime = new JobRuntime(job, new JobRegistry(), new JobRuntimeServices
            {
                Store = Store,
                Views = new InMemoryViewStore(),
                RecordTables = new InMemoryRecordTableStore(),
                Publisher = Publisher,
                Progress = new StoreProgressTracker(job, new InMemoryProgressStore(), TimeProvider.System, new OnePartition()),
            });
            Relay = new InternalTopicRelay(job);
        }

        public FaultInjectingWindowEntityStore Store { get; }
        public RuntimeRig.CapturingPublisher Publisher { get; } = new(null);
        public JobRuntime Runtime { get; }
        public InternalTopicRelay Relay { get; }

        public List<KafkaEventRecord> TakeInternal() => Relay.Take(Publisher.Records).SingleOrDefault().Records ?? [];

        /// <summary>What reached a topic, as (segment id, offset, reason) per record.</summary>
        public List<(string Id, long Offset, string Reason)> Letters(string topic) => Publisher.Records
            .Where(r => r.Topic == topic)
            .Select(r => (r.Id!.Value.Value, JsonNode.Parse(r.Value.Span)!["offset"]!.GetValue<long>(), JsonNode.Parse(r.Value.Span)!["reason"]!.GetValue<string>()))
            .ToList();
    }

    private sealed class OnePartition : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(1);
    }

    private static KafkaEventRecord Click(long offset, string user, long time, string n = "1") =>
        new("clicks", 0, offset, 1_790_000_000_000 + offset, user, $$"""{"user":"{{user}}","time":{{time}},"n":{{n}}}""");

    /// <summary>
    /// Offset 0 sets the watermark to minute 10; offset 1 is late (minute 0 has closed), offset 2 is rejected by the
    /// sum (its n is not a number), offset 3 counts; all of ann, so one commit makes all three positions applied.
    /// </summary>
    private static readonly KafkaEventRecord[] First = [Click(0, "ann", 10 * Minute)];

    private static readonly KafkaEventRecord[] Second =
        [Click(1, "ann", 0), Click(2, "ann", 10 * Minute, "\"x\""), Click(3, "ann", 10 * Minute + 1)];

    private static void AssertEachOnceOrCopiesWithEqualIds(Rig rig)
    {
        var late = rig.Letters("clicks-dead-letters").Where(l => l.Reason == "late").ToList();
        var dead = rig.Letters("clicks-dead-letters").Where(l => l.Reason != "late").ToList();
        Assert.Equal([1L], late.Select(l => l.Offset).Distinct());
        Assert.Single(late.Select(l => l.Id).Distinct());
        Assert.Equal([2L], dead.Select(l => l.Offset).Distinct());
        Assert.Single(dead.Select(l => l.Id).Distinct());
        Assert.Contains("'n' is not a number", dead[0].Reason);
    }

    [Fact]
    public async Task On_the_stage_path_a_lost_commit_answer_loses_no_late_record_or_dead_letter()
    {
        var rig = new Rig(keyedByUser: true);
        await rig.Runtime.ProcessAsync("in", First, default);

        rig.Store.FailNextCommit(CommitFault.AfterCommit);
        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => rig.Runtime.ProcessAsync("in", Second, default));
        var redelivered = await rig.Runtime.ProcessAsync("in", Second, default);

        Assert.Equal(3, redelivered.Duplicates);
        Assert.Equal(1, rig.Store.InjectedFaults);
        AssertEachOnceOrCopiesWithEqualIds(rig);
    }

    [Fact]
    public async Task On_the_keyed_path_a_lost_commit_answer_loses_no_late_record_or_dead_letter()
    {
        var rig = new Rig(keyedByUser: false);
        Assert.True(rig.Runtime.IsRepartitioned("sum"));
        await rig.Runtime.ProcessAsync("in", First, default);
        await rig.Runtime.ProcessRepartitionedAsync("sum", rig.TakeInternal(), default);
        await rig.Runtime.ProcessAsync("in", Second, default);
        var internalBatch = rig.TakeInternal();

        rig.Store.FailNextCommit(CommitFault.AfterCommit);
        await Assert.ThrowsAsync<InjectedStoreFaultException>(() => rig.Runtime.ProcessRepartitionedAsync("sum", internalBatch, default));
        var redelivered = await rig.Runtime.ProcessRepartitionedAsync("sum", internalBatch, default);

        Assert.Equal(3, redelivered.Duplicates);
        Assert.Equal(1, rig.Store.InjectedFaults);
        AssertEachOnceOrCopiesWithEqualIds(rig);
    }

    [Fact]
    public async Task Without_a_fault_each_late_record_and_dead_letter_is_sent_once()
    {
        var rig = new Rig(keyedByUser: true);
        await rig.Runtime.ProcessAsync("in", First, default);

        var outcome = await rig.Runtime.ProcessAsync("in", Second, default);

        Assert.Single(outcome.Late);
        Assert.Single(outcome.DeadLetters);
        Assert.Equal(2, rig.Letters("clicks-dead-letters").Count);
    }
}
