using System.Text;
using Election;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Runtime;

/// <summary>The election job's runtime over in-process stores, with a publisher that keeps what it is given.</summary>
internal sealed class RuntimeRig
{
    public RuntimeRig(Func<IReadOnlyList<OutgoingRecord>, Task>? publish = null, TimeSettings? time = null,
        Func<WindowSpec, WindowSpec>? window = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "job.json");
        Job = JobSpecLoader.Load(File.ReadAllText(path), Registrations.Create()).GetJobOrThrow();
        Job = Job with { Time = time ?? Job.Time with { MaxOutOfOrderness = TimeSpan.FromDays(1) } };
        if (window is not null) Job = Job with { Windows = Job.Windows.Select(window).ToArray() };
        Publisher = new CapturingPublisher(publish);
        _relay = new InternalTopicRelay(Job);
        Runtime = new JobRuntime(Job, Registrations.Create(), new JobRuntimeServices
        {
            Store = Store,
            Views = Views,
            RecordTables = new InMemoryRecordTableStore(),
            Publisher = Publisher,
            Progress = new StoreProgressTracker(Job, new InMemoryProgressStore(), TimeProvider.System),
        }, new JobRuntimeOptions { MaxRecordBytes = 4096 }, Metrics);
    }

    /// <summary>
    /// Runs a batch of an input as its stage function would, then each repartitioned task's windowed part on the
    /// internal records the stage produced, as their keyed functions would: the outcomes added up.
    /// </summary>
    public async Task<InvocationOutcome> ProcessAsync(string inputTask, IReadOnlyList<KafkaEventRecord> records, CancellationToken ct = default)
    {
        var outcome = await Runtime.ProcessAsync(inputTask, records, ct);
        List<OutgoingRecord> published;
        lock (Publisher.Records) published = [.. Publisher.Records];
        foreach (var (task, relayed) in _relay.Take(published))
        {
            var keyed = await Runtime.ProcessRepartitionedAsync(task, relayed, ct);
            outcome.Applied += keyed.Applied;
            outcome.Duplicates += keyed.Duplicates;
            outcome.Transactions += keyed.Transactions;
            outcome.Conflicts += keyed.Conflicts;
            outcome.Firings.AddRange(keyed.Firings);
            outcome.DeadLetters.AddRange(keyed.DeadLetters);
            outcome.Late.AddRange(keyed.Late);
        }
        return outcome;
    }

    private readonly InternalTopicRelay _relay;

    /// <summary>The internal records published since the last call, by the repartitioned task that reads them.</summary>
    public IReadOnlyList<(string Task, List<KafkaEventRecord> Records)> TakeInternalRecords()
    {
        lock (Publisher.Records) return _relay.Take([.. Publisher.Records]);
    }

    public JobSpec Job { get; }
    public InMemoryWindowEntityStore Store { get; } = new();
    public InMemoryViewStore Views { get; } = new();
    public StreamMetrics Metrics { get; } = new();
    public CapturingPublisher Publisher { get; }
    public JobRuntime Runtime { get; }

    public static KafkaEventRecord Vote(long offset, string value, int partition = 0, string? id = null) =>
        id is null
            ? new KafkaEventRecord("votes", partition, offset, 1_790_000_000_000 + offset, null, value)
            : new KafkaEventRecord("votes", partition, offset, 1_790_000_000_000 + offset, null, value,
                [new KafkaHeader("ss-id", Encoding.UTF8.GetBytes(id))]);

    public static string VoteJson(string voter, string candidate, int minute = 0) =>
        $$"""{"voterId":"{{voter}}","candidate":"{{candidate}}","eventTime":"2026-11-03T08:{{minute:D2}}:00Z"}""";

    public List<OutgoingRecord> PublishedTo(string topic) => Publisher.Records.Where(r => r.Topic == topic).ToList();

    internal sealed class CapturingPublisher(Func<IReadOnlyList<OutgoingRecord>, Task>? publish) : IRecordPublisher
    {
        public List<OutgoingRecord> Records { get; } = [];

        public async Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct)
        {
            if (publish is not null) await publish(records);
            lock (Records) Records.AddRange(records);
        }
    }
}
