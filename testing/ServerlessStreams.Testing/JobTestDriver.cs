using Cronos;
using Microsoft.Extensions.Time.Testing;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Testing;

/// <summary>
/// Runs a job in process, with no broker and no storage, on the code that runs it on Azure: the stage runtime
/// (<see cref="JobRuntime"/>), the entity applier over the in-process window store, the firing sinks and the sweeper,
/// composed as the function app composes them (<see cref="JobComponents.CreateInProcess"/>). A test pipes records into
/// an input task, moves processing time explicitly, and reads firings, Table views, output records, dead letters, late
/// records and window state. Event time moves with the records: a task's watermark is, per partition, the largest event
/// time seen minus the job's <c>maxOutOfOrderness</c>, as in production. Not thread-safe: one test drives it.
/// </summary>
public sealed partial class JobTestDriver : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock;
    private readonly InProcessTopics _topics;
    private readonly CronExpression _sweeperSchedule;
    private readonly List<Firing> _firings = [];
    private readonly HashSet<(string Window, string Trigger, string Key, long Extent, long Version)> _firingIds = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly List<DeadLetter> _late = [];

    private JobTestDriver(JobSpec job, JobRegistry registry, JobTestDriverOptions options)
    {
        if (options.Partitions < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Partitions, "a topic has at least one partition");
        foreach (var (topic, count) in options.TopicPartitions)
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(options), count, $"topic '{topic}' needs at least one partition");
        Options = options;
        _clock = options.ProcessingTimeFollowsEventTime ? new EventTimeClock(options.StartTime) : new FakeTimeProvider(options.StartTime);
        _topics = new InProcessTopics(job, options, _clock);
        Components = JobComponents.CreateInProcess(job, registry, _topics, _topics, _clock, options.Runtime);
        // The schedule the function app gives its sweeper's timer trigger.
        _sweeperSchedule = CronExpression.Parse(NcrontabSchedule.Every(JobFunctionCatalog.SweeperPeriod(job)), CronFormat.IncludeSeconds);
    }

    /// <summary>
    /// A driver for <paramref name="job"/> (from <see cref="JobBuilder"/> or the loader), whose functions, keys,
    /// predicates, aggregations and callbacks <paramref name="registry"/> holds. The job is validated as the loader
    /// validates a document: an invalid one throws a <see cref="JobSpecException"/> naming every problem by its JSON path.
    /// </summary>
    public static JobTestDriver Create(JobSpec job, JobRegistry registry, JobTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(registry);
        JobSpecValidator.ThrowIfInvalid(job, registry);
        return new JobTestDriver(job, registry, options ?? new JobTestDriverOptions());
    }

    /// <summary>
    /// A driver for the job spec <paramref name="specJson"/> (the document the function app loads), validated against
    /// <paramref name="registry"/>: an invalid spec throws a <see cref="JobSpecException"/> naming every problem by its JSON path.
    /// </summary>
    public static JobTestDriver FromJson(string specJson, JobRegistry registry, JobTestDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specJson);
        ArgumentNullException.ThrowIfNull(registry);
        return Create(JobSpecLoader.Load(specJson, registry).GetJobOrThrow(), registry, options);
    }

    /// <summary>The job the driver runs.</summary>
    public JobSpec Job => Components.Job;

    /// <summary>The options the driver was made with.</summary>
    public JobTestDriverOptions Options { get; }

    /// <summary>
    /// The production components the driver runs: the runtime, the sweeper, the window query and the in-process stores.
    /// For what the driver's own members do not cover; changing them behind the driver's back is at the test's risk.
    /// </summary>
    internal JobComponents Components { get; }

    /// <summary>The processing-time clock every component reads; it moves only through <see cref="AdvanceProcessingTimeAsync"/>.</summary>
    public TimeProvider Time => _clock;

    /// <summary>The current processing time.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>
    /// Pipes <paramref name="records"/> into the input task named <paramref name="inputTaskOrTopic"/>, or into every input
    /// task reading the topic of that name. The records are one batch (or batches of <paramref name="batchSize"/>, in
    /// order) delivered through <see cref="JobRuntime.ProcessAsync"/> as the task's Kafka trigger delivers them; after
    /// each batch, what it produced to internal repartition topics is delivered to the keyed side
    /// (<see cref="JobRuntime.ProcessRepartitionedAsync"/>), one batch per internal partition. Returns the outcome of every
    /// invocation, stage and keyed, in order. Processing time does not move, so no timer fires here.
    /// </summary>
    public async Task<IReadOnlyList<InvocationOutcome>> PipeAsync(string inputTaskOrTopic, IEnumerable<TestRecord> records, int? batchSize = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputTaskOrTopic);
        ArgumentNullException.ThrowIfNull(records);
        if (batchSize is < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "a batch holds at least one record");
        var tasks = InputTasks(inputTaskOrTopic);
        // The tasks share one topic: its records take their offsets once, and each task's trigger reads the same ones.
        var topic = tasks[0].Topic!;
        var partitions = _topics.PartitionsOf(topic);
        var list = records.ToList();
        for (var i = 0; i < list.Count; i++) CheckPartition(list[i], i, topic, partitions);
        var kafkaRecords = list.Select(r => ToKafkaRecord(r, topic)).ToList();
        var outcomes = new List<InvocationOutcome>();
        foreach (var task in tasks)
        {
            foreach (var batch in kafkaRecords.Chunk(batchSize ?? Math.Max(1, kafkaRecords.Count)))
            {
                outcomes.Add(Collect(await Components.Runtime.ProcessAsync(task.Name, batch, ct)));
                outcomes.AddRange(await RelayAsync(ct));
            }
        }
        return outcomes;
    }

    /// <summary>Pipes <paramref name="records"/> as one batch: see <see cref="PipeAsync(string, IEnumerable{TestRecord}, int?, CancellationToken)"/>.</summary>
    public Task<IReadOnlyList<InvocationOutcome>> PipeAsync(string inputTaskOrTopic, params TestRecord[] records) =>
        PipeAsync(inputTaskOrTopic, (IEnumerable<TestRecord>)records);

    /// <summary>
    /// Moves processing time forward by <paramref name="by"/>, running the sweeper at every tick of its timer schedule on
    /// the way (the schedule the function app gives it: every smallest timer period of the job), and at the end when the
    /// last tick is not the end. Timer triggers fire here; so do watermark triggers of extents no record wakes, and
    /// partitions idle for longer than the job's <c>idleTimeout</c> stop holding the watermark back, as in production.
    /// Returns the sweeps' reports in order.
    /// </summary>
    public async Task<IReadOnlyList<SweepReport>> AdvanceProcessingTimeAsync(TimeSpan by, CancellationToken ct = default)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "processing time does not go back");
        var end = Now + by;
        var reports = new List<SweepReport>();
        while (_sweeperSchedule.GetNextOccurrence(Now, TimeZoneInfo.Utc) is { } tick && tick <= end)
        {
            _clock.SetUtcNow(tick);
            reports.Add(await SweepAsync(ct));
        }
        if (Now < end)
        {
            _clock.SetUtcNow(end);
            reports.Add(await SweepAsync(ct));
        }
        return reports;
    }

    /// <summary>Runs one sweep now, as the sweeper's timer trigger does, and collects its firings.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken ct = default)
    {
        var report = await Components.Sweeper.SweepAsync(ct);
        AddFirings(report.Firings);
        return report;
    }

    /// <summary>Disposes the components (their metrics listener).</summary>
    public ValueTask DisposeAsync() => Components.DisposeAsync();

    private async Task<List<InvocationOutcome>> RelayAsync(CancellationToken ct)
    {
        var outcomes = new List<InvocationOutcome>();
        for (var batches = _topics.TakeInternalBatches(); batches.Count > 0; batches = _topics.TakeInternalBatches())
            foreach (var (task, batch) in batches)
                outcomes.Add(Collect(await Components.Runtime.ProcessRepartitionedAsync(task, batch, ct)));
        return outcomes;
    }

    private InvocationOutcome Collect(InvocationOutcome outcome)
    {
        AddFirings(outcome.Firings);
        _deadLetters.AddRange(outcome.DeadLetters);
        _late.AddRange(outcome.Late);
        return outcome;
    }

    /// <summary>Firings in order, each once: a firing delivered again (same extent, trigger and version) is the same firing.</summary>
    private void AddFirings(IEnumerable<Firing> firings)
    {
        foreach (var firing in firings)
            if (_firingIds.Add((firing.WindowId, firing.TriggerId, firing.GroupKey.Json, firing.ExtentId, firing.Version)))
                _firings.Add(firing);
    }

    private List<TaskSpec> InputTasks(string name)
    {
        var inputs = Job.Catalog.Where(t => t.Type == TaskType.Input).ToList();
        var byTask = inputs.Where(t => t.Name == name).ToList();
        var matched = byTask.Count > 0 ? byTask : inputs.Where(t => t.Topic == name).ToList();
        if (matched.Count == 0)
            throw new ArgumentException($"job '{Job.Name}' has no input task or input topic '{name}'; its inputs are " +
                string.Join(", ", inputs.Select(t => $"'{t.Name}' (topic '{t.Topic}')")), nameof(name));
        if (matched.FirstOrDefault(t => t.Medium != Medium.Kafka || t.Topic is null) is { } notKafka)
            throw new ArgumentException($"input task '{notKafka.Name}' of job '{Job.Name}' does not read a Kafka topic", nameof(name));
        return matched;
    }

    private static void CheckPartition(TestRecord record, int index, string topic, int partitions)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Partition < 0 || record.Partition >= partitions)
            throw new ArgumentException($"record {index} is for partition {record.Partition} of topic '{topic}', which has {partitions} " +
                $"partition{(partitions == 1 ? "" : "s")} (JobTestDriverOptions.Partitions or TopicPartitions sets how many)", "records");
    }

    private KafkaEventRecord ToKafkaRecord(TestRecord record, string topic)
    {
        var offset = _topics.TakeOffset(topic, record.Partition, record.Offset);
        var timestamp = (record.Timestamp ?? Now).ToUnixTimeMilliseconds();
        return new KafkaEventRecord(topic, record.Partition, offset, timestamp, record.Key, record.Value,
            [.. record.Headers.Select(h => new KafkaHeader(h.Key, h.Value))]);
    }
}
