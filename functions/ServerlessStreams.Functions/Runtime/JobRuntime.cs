using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// Runs a job's stages on batches of Kafka records: records become segments, each function task runs its
/// C# function and applies its windows through the entity applier, firings go to their sinks, and outputs,
/// dead letters and late records are produced to Kafka (or written to Tables) before the invocation answers.
/// A repartitioned task's windows are applied apart, from its internal topic (<see cref="ProcessRepartitionedAsync"/>).
/// Every step is idempotent, so a redelivered batch changes no window twice.
/// </summary>
internal sealed partial class JobRuntime
{
    private readonly Dictionary<string, EntityApplier> _appliers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InternalTopic> _internalTopics = new(StringComparer.Ordinal);
    private readonly HashSet<string> _preAggregated = new(StringComparer.Ordinal);
    private readonly FiringSinks _sinks;

    private readonly StreamMetrics? _metrics;

    public JobRuntime(JobSpec job, JobRegistry registry, JobRuntimeServices services, JobRuntimeOptions? options = null,
        StreamMetrics? metrics = null)
    {
        _metrics = metrics;
        Job = job;
        Services = services;
        Options = options ?? new JobRuntimeOptions();
        foreach (var task in job.Catalog.Where(t => t.Type == TaskType.Function))
        {
            var stage = new FunctionStage(job, task, registry);
            _appliers[task.Name] = new EntityApplier(job.Name, stage, services.Store, services.Time, Options.Applier);
        }
        foreach (var topic in Repartitioning.TopicsOf(job))
        {
            _internalTopics[topic.Task] = topic;
            if (Options.PreAggregate && PreAggregation.Refusal(_appliers[topic.Task].Stage.Compiled) is null) _preAggregated.Add(topic.Task);
        }
        _sinks = new FiringSinks(job, registry, services.Views, PublishFiringsAsync);
    }

    public JobSpec Job { get; }

    public JobRuntimeServices Services { get; }

    public JobRuntimeOptions Options { get; }

    /// <summary>The entity applier of each function task, by task name.</summary>
    public IReadOnlyDictionary<string, EntityApplier> Appliers => _appliers;

    public FiringSinks Sinks => _sinks;

    /// <summary>The stage function of one input task: everything downstream of it, for one batch of its records.</summary>
    public async Task<InvocationOutcome> ProcessAsync(string inputTask, IReadOnlyList<KafkaEventRecord> records, CancellationToken ct)
    {
        var started = Services.Time.GetTimestamp();
        var outcome = new InvocationOutcome { Records = records.Count };
        var pending = TasksBelow(inputTask).ToDictionary(t => t, _ => new List<Segment>(), StringComparer.Ordinal);
        var outputs = new List<OutgoingRecord>();
        var eventTimes = new Dictionary<string, Dictionary<(string, int), double>>(StringComparer.Ordinal);

        var segments = new List<Segment>(records.Count);
        foreach (var record in records)
        {
            if (ToSegment(record, inputTask, out var problem) is { } segment) segments.Add(segment);
            else outcome.DeadLetters.Add(problem!);
        }
        foreach (var next in Job.Downstream(inputTask)) pending[next].AddRange(segments);
        outcome.Count(inputTask, records.Count, segments.Count);

        foreach (var taskName in pending.Keys.ToList())
        {
            var task = Job.Task(taskName);
            var inputs = pending[taskName];
            if (task.Type == TaskType.Output)
            {
                await WriteOutputAsync(task, inputs, outputs, ct);
                outcome.Emitted += inputs.Count;
                outcome.Count(taskName, inputs.Count, inputs.Count);
                continue;
            }
            if (IsRepartitioned(taskName)) RunStatelessPart(task, inputs, pending, outcome, outputs);
            else await RunFunctionTaskAsync(task, inputs, pending, outcome, eventTimes, ct);
        }

        await PublishWithDeadLettersAsync(outputs, outcome, ct);
        await ReportProgressAsync(eventTimes, ct);
        Record(inputTask, outcome, Services.Time.GetElapsedTime(started));
        return outcome;
    }

    private async Task RunFunctionTaskAsync(TaskSpec task, List<Segment> inputs, Dictionary<string, List<Segment>> pending,
        InvocationOutcome outcome, Dictionary<string, Dictionary<(string, int), double>> eventTimes, CancellationToken ct)
    {
        var applier = _appliers[task.Name];
        var keyed = new List<KeyedInput>(inputs.Count);
        var maxima = applier.Stage.Compiled.HasWindows ? eventTimes[task.Name] = [] : null;
        var emitted = 0;
        foreach (var input in inputs)
        {
            if (RunStage(applier.Stage, input, pending, outcome, ref emitted) is not { } output) continue;
            keyed.Add(new KeyedInput(input, output));
            if (maxima is not null) AddEventTimes(maxima, output.Results);
        }
        outcome.Count(task.Name, inputs.Count, emitted);
        if (applier.Stage.Compiled.HasWindows) await ApplyWindowsAsync(applier, keyed, await Services.Progress.WatermarkAsync(task.Name, ct), outcome, ct);
    }

    /// <summary>
    /// Runs a task's function on one input and routes what it emitted downstream, counting it in
    /// <paramref name="emitted"/>; null when the input cannot be processed, which then is a dead letter.
    /// </summary>
    private static StageOutput? RunStage(FunctionStage stage, Segment input, Dictionary<string, List<Segment>> pending, InvocationOutcome outcome,
        ref int emitted)
    {
        try
        {
            var output = stage.Process(input);
            foreach (var routed in output.Emitted)
            {
                if (!pending.TryGetValue(routed.Task, out var list)) continue;
                list.Add(routed.Segment);
                emitted++;
            }
            return output;
        }
        catch (SegmentRejectedException e)
        {
            outcome.DeadLetters.Add(ToDeadLetter(input, stage.Name, e.Reason));
            return null;
        }
    }

    /// <summary>Applies a task's keyed inputs to its window entities at the task's watermark and delivers the firings.</summary>
    private async Task ApplyWindowsAsync(EntityApplier applier, List<KeyedInput> keyed, double? watermark, InvocationOutcome outcome, CancellationToken ct)
    {
        var task = applier.Stage.Compiled.Spec;
        if (Services.Time is IEventTimeClock clock) ObserveEventTimes(clock, keyed);
        var result = await applier.ApplyAsync(keyed, watermark,
            (late, rejected, token) => SendUnappliedAsync(task.Name, late, rejected, token), ct);
        outcome.Applied += result.Applied;
        outcome.Duplicates += result.Duplicates;
        outcome.Transactions += result.Transactions;
        outcome.Conflicts += result.Conflicts;
        outcome.Firings.AddRange(result.Firings);
        outcome.Count(task.Name, 0, result.Firings.Count);
        // The applier sent these before committing their positions (SendUnappliedAsync): listed, not sent again.
        foreach (var rejected in result.Rejected) outcome.DeadLetters.Add(outcome.MarkSent(ToDeadLetter(rejected.Segment, task.Name, rejected.Reason)));
        foreach (var late in result.Late) outcome.Late.Add(outcome.MarkSent(ToLateRecord(late, task.Name)));
        await _sinks.DeliverAsync(result.Firings, ct);
    }

    private static void ObserveEventTimes(IEventTimeClock clock, List<KeyedInput> keyed)
    {
        double? largest = null;
        foreach (var input in keyed)
            foreach (var result in input.Output.Results)
                if (result.EventTime is { } time && (largest is null || time > largest)) largest = time;
        if (largest is { } eventTime) clock.Observe(eventTime);
    }

    /// <summary>The tasks reachable from <paramref name="inputTask"/>, each after every task that feeds it.</summary>
    private IEnumerable<string> TasksBelow(string inputTask)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(Job.Downstream(inputTask));
        while (stack.Count > 0)
            if (reachable.Add(stack.Peek())) foreach (var next in Job.Downstream(stack.Pop())) stack.Push(next);
            else stack.Pop();

        var indegree = reachable.ToDictionary(t => t, t => Job.Upstream(t).Count(reachable.Contains), StringComparer.Ordinal);
        var ready = new Queue<string>(Job.Catalog.Select(t => t.Name).Where(t => reachable.Contains(t) && indegree[t] == 0));
        while (ready.Count > 0)
        {
            var task = ready.Dequeue();
            yield return task;
            foreach (var next in Job.Downstream(task).Where(reachable.Contains))
                if (--indegree[next] == 0) ready.Enqueue(next);
        }
    }

    private Segment? ToSegment(KafkaEventRecord record, string task, out DeadLetter? problem)
    {
        problem = null;
        var source = new SourceCoordinates(record.Topic, record.Partition, record.Offset);
        var id = RecordPayload.IdOf(record, out var reason);
        var payload = reason is null ? RecordPayload.Read(record.Value, Options.MaxRecordBytes, out reason) : null;
        if (payload is null)
        {
            problem = new DeadLetter(reason!, task, source, record.Key, record.ValueText, id);
            return null;
        }
        // A negative timestamp is Kafka's "none" (NO_TIMESTAMP, -1): such a record's event time comes from its window key alone.
        var timestamp = record.Timestamp >= 0 ? record.Timestamp : (long?)null;
        return new Segment { Id = id!.Value, Payload = payload, Source = source, KafkaKey = record.Key, Timestamp = timestamp };
    }

    private void Record(string inputTask, InvocationOutcome outcome, TimeSpan elapsed)
    {
        if (_metrics is null) return;
        foreach (var (task, (recordsIn, recordsOut)) in outcome.Tasks)
        {
            _metrics.RecordsIn(Job.Name, task, Job.Task(task).Type, recordsIn);
            _metrics.RecordsOut(Job.Name, task, Job.Task(task).Type, recordsOut);
        }
        _metrics.BatchLatency(Job.Name, inputTask, elapsed);
        _metrics.EntityTransactions(Job.Name, inputTask, outcome.Transactions);
        _metrics.EntityConflicts(Job.Name, inputTask, outcome.Conflicts);
        _metrics.DedupeHits(Job.Name, inputTask, outcome.Duplicates);
        foreach (var late in outcome.Late.GroupBy(l => l.Task)) _metrics.LateRecords(Job.Name, late.Key, late.Count());
        foreach (var dead in outcome.DeadLetters.GroupBy(d => d.Task)) _metrics.DeadLetters(Job.Name, dead.Key, dead.Count());
        foreach (var fired in outcome.Firings.GroupBy(f => (f.WindowId, f.TriggerId)))
            _metrics.WindowsFired(Job.Name, Job.Windows.First(w => w.Id == fired.Key.WindowId).Task, fired.Key.WindowId, fired.Key.TriggerId, fired.Count());
    }

    private static DeadLetter ToLateRecord(Segment segment, string task) => ToDeadLetter(segment, task, "late");

    private static DeadLetter ToDeadLetter(Segment segment, string task, string reason) =>
        new(reason, task, segment.Source, segment.KafkaKey, segment.Payload.ToJsonString(), segment.Id);
}
