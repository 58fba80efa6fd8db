using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Functions.Runtime;

internal sealed partial class JobRuntime
{
    /// <summary>Whether the task's windows are applied from its internal topic rather than where its records arrive.</summary>
    public bool IsRepartitioned(string task) => _internalTopics.ContainsKey(task);

    /// <summary>
    /// Whether the task's inputs cross the hop pre-aggregated (<see cref="PreAggregation"/>): a repartitioned task
    /// whose windows allow it, unless <see cref="JobRuntimeOptions.PreAggregate"/> is off.
    /// </summary>
    public bool PreAggregates(string task) => _preAggregated.Contains(task);

    /// <summary>
    /// The stateless part of a repartitioned task, where its records arrive: its function, flow conditions and group
    /// key. Each input becomes a record of the task's internal topic, keyed by its group key and marked with its
    /// origin: the record it derives from and its index among that record's inputs of the task (the index depends on
    /// the record alone, not on how records were batched). They are produced in origin order, after the outputs of the
    /// batch's earlier tasks and with them, and the invocation succeeds only once all are acknowledged.
    /// </summary>
    private void RunStatelessPart(TaskSpec task, List<Segment> inputs, Dictionary<string, List<Segment>> pending,
        InvocationOutcome outcome, List<OutgoingRecord> outputs)
    {
        var stage = _appliers[task.Name].Stage;
        var carriesDedupeId = task.UniquenessKey is not null;
        var topic = Services.ResolveTopic(task.Name, _internalTopics[task.Name].Name);
        var indexes = new Dictionary<SourceCoordinates, int>();
        var produced = new List<(Segment Input, StageOutput Output, int Index)>(inputs.Count);
        var emitted = 0;
        foreach (var input in inputs)
        {
            var index = indexes.TryGetValue(input.Source, out var seen) ? seen + 1 : 0;
            indexes[input.Source] = index;
            if (RunStage(stage, input, pending, outcome, ref emitted) is not { } stageOutput) continue;
            var output = WithoutUnreadableWindowKeys(stage, task.Name, stageOutput, outcome);
            // Without a uniqueness key an input whose function returned nothing changes no window, and its position
            // needs no record: the next one of its source moves the high-water mark past it.
            if (output.Results.Count == 0 && !carriesDedupeId) continue;
            produced.Add((input, output, index));
        }
        // Inputs come in task order (a record's own segment, then what upstream functions emitted from it); a partition's
        // records must reach the internal topic in position order, which the window entities' high-water marks rely on.
        produced.Sort(static (a, b) => CompareOrigins(a.Input.Source, a.Index, b.Input.Source, b.Index));
        if (PreAggregates(task.Name)) PreAggregate(stage, topic, produced, outputs);
        else
            foreach (var (input, output, index) in produced)
                outputs.Add(InternalRecords.Encode(topic, input, output, index, carriesDedupeId));
        // The task's inputs count here; what its windows fire counts where they are applied.
        outcome.Count(task.Name, inputs.Count, emitted);
    }

    /// <summary>
    /// The output without the results whose window keys cannot be read, which go to the dead letters here with the
    /// reason their entity would give: in this batch, which awaits its records anyway, rather than one by one before
    /// the entity's commits. With a uniqueness key the output still crosses the hop, with what is left (maybe
    /// nothing), so its entity records the id as it would have.
    /// </summary>
    private static StageOutput WithoutUnreadableWindowKeys(FunctionStage stage, string task, StageOutput output, InvocationOutcome outcome)
    {
        List<Segment>? readable = null;
        for (var i = 0; i < output.Results.Count; i++)
        {
            var result = output.Results[i];
            if (stage.Machine.WindowKeyProblem(result) is not { } problem)
            {
                readable?.Add(result);
                continue;
            }
            readable ??= [.. output.Results.Take(i)];
            outcome.DeadLetters.Add(ToDeadLetter(result, task, problem));
        }
        return readable is null ? output : output with { Results = readable };
    }

    private static void Raise(Dictionary<(string Topic, int Partition, int Via), double> maxima, (string Topic, int Partition, int Via) lane, double time) =>
        maxima[lane] = maxima.TryGetValue(lane, out var seen) ? Math.Max(seen, time) : time;

    private static int CompareOrigins(SourceCoordinates a, int aIndex, SourceCoordinates b, int bIndex)
    {
        var byTopic = string.CompareOrdinal(a.Topic, b.Topic);
        if (byTopic != 0) return byTopic;
        if (a.Partition != b.Partition) return a.Partition.CompareTo(b.Partition);
        return new OriginPosition(a.Offset, aIndex).CompareTo(new OriginPosition(b.Offset, bIndex));
    }

    /// <summary>
    /// The windowed part of a repartitioned task, on a batch of its internal topic: the inputs the stateless part
    /// produced are applied to their window entities (each skipped by its origin position when applied already),
    /// firings go to their sinks, late and unprocessable segments to their destinations, and the task's progress is
    /// reported per origin partition and internal partition from the event times the records carry.
    /// </summary>
    public async Task<InvocationOutcome> ProcessRepartitionedAsync(string task, IReadOnlyList<KafkaEventRecord> records, CancellationToken ct)
    {
        if (!_appliers.TryGetValue(task, out var applier) || !_internalTopics.TryGetValue(task, out var internalTopic))
            throw new ArgumentException($"task '{task}' of job '{Job.Name}' is not repartitioned", nameof(task));
        var started = Services.Time.GetTimestamp();
        var outcome = new InvocationOutcome { Records = records.Count };
        var keyed = new List<KeyedInput>(records.Count);
        var maxima = new Dictionary<(string Topic, int Partition, int Via), double>();
        (string Topic, int Partition, string Name)? via = null;
        foreach (var record in records)
        {
            // A batch comes from one partition, mostly: its name is made once.
            if (via is not { } known || known.Partition != record.Partition || known.Topic != record.Topic)
                via = (record.Topic, record.Partition, $"{record.Topic}/{record.Partition}");
            var first = keyed.Count;
            string? problem;
            double? partialTime = null;
            if (PartialRecords.OriginOf(record) is { } origin)
            {
                PartialRecords.TryDecode(record, origin, via.Value.Name, applier.Stage.Compiled, keyed, out partialTime, out problem);
            }
            else if (InternalRecords.Decode(record, via.Value.Name, applier.Stage.Compiled, out problem) is { } input)
            {
                keyed.Add(input);
            }
            if (problem is not null)
            {
                outcome.DeadLetters.Add(new DeadLetter(problem, task, new SourceCoordinates(record.Topic, record.Partition, record.Offset),
                    record.Key, record.ValueText, null));
                continue;
            }
            for (var i = first; i < keyed.Count; i++)
                foreach (var result in keyed[i].Output.Results)
                    if (result.EventTime is { } time) Raise(maxima, (result.Source.Topic, result.Source.Partition, record.Partition), time);
            if (partialTime is { } largest && first < keyed.Count)
                Raise(maxima, (keyed[first].Input.Source.Topic, keyed[first].Input.Source.Partition, record.Partition), largest);
        }
        // Partials hold many inputs: they are applied in slices, each with its firings delivered before the next
        // (PreAggregation.InputsPerApply). A batch without partials holds as many inputs as records: one apply.
        var slice = keyed.Count > records.Count ? PreAggregation.InputsPerApply(applier.Stage.Compiled) : Math.Max(1, keyed.Count);
        // The watermark is the task's before this batch (its progress is reported after it), so it is read once.
        var watermark = await Services.Progress.WatermarkAsync(task, ct);
        if (keyed.Count <= slice) await ApplyWindowsAsync(applier, keyed, watermark, outcome, ct);
        else
            for (var start = 0; start < keyed.Count; start += slice)
                await ApplyWindowsAsync(applier, keyed.GetRange(start, Math.Min(slice, keyed.Count - start)), watermark, outcome, ct);

        await PublishWithDeadLettersAsync([], outcome, ct);
        if (maxima.Count > 0)
            await Services.Progress.ReportRepartitionedAsync(task, Services.ResolveTopic(task, internalTopic.Name), maxima, ct);
        Record(task, outcome, Services.Time.GetElapsedTime(started));
        return outcome;
    }
}
