using System.Text;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

internal sealed partial class JobRuntime
{
    private string DefaultDeadLetterTopic => $"{Job.Name}-dead-letters";

    private async Task WriteOutputAsync(TaskSpec task, List<Segment> segments, List<OutgoingRecord> outputs, CancellationToken ct)
    {
        if (task.Medium == Medium.Table && task.Table is { } table)
        {
            await Services.RecordTables.WriteAsync(table, segments.Select(s => (task.Name, s.Id.Value, s.Payload.ToJsonString())).ToList(), ct);
            return;
        }
        var topic = Services.ResolveTopic(task.Name, task.Topic!);
        foreach (var segment in segments)
            outputs.Add(OutgoingRecord.FromString(topic, segment.KafkaKey, segment.Payload.ToJsonString(), segment.Id));
    }

    private IEnumerable<OutgoingRecord> DeadLetterRecords(Destination? destination, List<DeadLetter> letters, string fallbackTopic)
    {
        if (destination?.Table is not null) yield break;
        var topic = destination?.Topic ?? fallbackTopic;
        foreach (var letter in letters)
            yield return OutgoingRecord.FromString(topic, letter.KafkaKey, letter.ToJsonText(), DeadLetterId(letter));
    }

    /// <summary>
    /// Sends the batch's outputs with its dead letters and late records, each to its destination (topics with the
    /// outputs, tables apart): the invocation answers after all are acknowledged. What the window entities found late
    /// or rejected was sent before their commits (<see cref="SendUnappliedAsync"/>) and is not sent again; the rest
    /// (records that are not segments, functions' rejections, internal records that cannot be read) is derived again
    /// from a redelivered batch, so sending it here loses nothing.
    /// </summary>
    private async Task PublishWithDeadLettersAsync(List<OutgoingRecord> outputs, InvocationOutcome outcome, CancellationToken ct)
    {
        var deadLetters = outcome.DeadLetters.Where(l => !outcome.WasSent(l)).ToList();
        var late = outcome.Late.Where(l => !outcome.WasSent(l)).ToList();
        outputs.AddRange(DeadLetterRecords(Job.DeadLetter, deadLetters, DefaultDeadLetterTopic));
        outputs.AddRange(DeadLetterRecords(Job.LateData ?? Job.DeadLetter, late, DefaultDeadLetterTopic));
        await WriteDeadLetterTablesAsync(deadLetters, late, ct);
        await Services.Publisher.PublishAsync(outputs, ct);
    }

    /// <summary>
    /// Sends one key's late and rejected segments to their destinations and waits for them, before the entity commit
    /// that makes their positions applied: a crash or a lost commit response after that commit would otherwise lose
    /// them, since the redelivered batch skips those positions. At least once: a retried commit sends them again
    /// with the same ids (<see cref="DeadLetterId"/>), by which a consumer de-duplicates.
    /// </summary>
    private async Task SendUnappliedAsync(string task, IReadOnlyList<Segment> late, IReadOnlyList<RejectedSegment> rejected, CancellationToken ct)
    {
        var deadLetters = rejected.Select(r => ToDeadLetter(r.Segment, task, r.Reason)).ToList();
        var lateRecords = late.Select(s => ToLateRecord(s, task)).ToList();
        var records = DeadLetterRecords(Job.DeadLetter, deadLetters, DefaultDeadLetterTopic)
            .Concat(DeadLetterRecords(Job.LateData ?? Job.DeadLetter, lateRecords, DefaultDeadLetterTopic))
            .ToList();
        await WriteDeadLetterTablesAsync(deadLetters, lateRecords, ct);
        await Services.Publisher.PublishAsync(records, ct);
    }

    private async Task WriteDeadLetterTablesAsync(List<DeadLetter> deadLetters, List<DeadLetter> late, CancellationToken ct)
    {
        if (Job.DeadLetter?.Table is { } deadTable && deadLetters.Count > 0)
            await Services.RecordTables.WriteAsync(deadTable, deadLetters.Select(ToRow).ToList(), ct);
        if ((Job.LateData ?? Job.DeadLetter)?.Table is { } lateTable && late.Count > 0)
            await Services.RecordTables.WriteAsync(lateTable, late.Select(ToRow).ToList(), ct);
    }

    private static (string, string, string) ToRow(DeadLetter letter) => (letter.Task, DeadLetterId(letter).Value, letter.ToJsonText());

    /// <summary>A dead letter's id names the record and the task, so a redelivered batch re-sends the same ids.</summary>
    private static SegmentId DeadLetterId(DeadLetter letter) =>
        new($"{letter.SegmentId?.Value ?? letter.Source.ToString()}@{letter.Task}");

    private Task PublishFiringsAsync(string topic, IReadOnlyList<Firing> firings, CancellationToken ct)
    {
        var kinds = Job.Windows.ToDictionary(w => w.Id, w => w.KeyKind);
        var records = firings.Select(f => OutgoingRecord.FromString(
            topic,
            f.GroupKey.Json,
            FiringJson.ToJson(f, kinds[f.WindowId]).ToJsonString(),
            new SegmentId($"{f.WindowId}/{f.GroupKey.Json}/{f.ExtentId}/v{f.Version}"))).ToList();
        return Services.Publisher.PublishAsync(records, ct);
    }

    /// <summary>The largest event time per source partition of the segments a windowed task received, read once by its stage.</summary>
    private static void AddEventTimes(Dictionary<(string, int), double> maxima, IReadOnlyList<Segment> segments)
    {
        // By index: a foreach over the interface would allocate an enumerator per record.
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.EventTime is not { } time) continue;
            var source = (segment.Source.Topic, segment.Source.Partition);
            maxima[source] = maxima.TryGetValue(source, out var seen) ? Math.Max(seen, time) : time;
        }
    }

    private async Task ReportProgressAsync(Dictionary<string, Dictionary<(string, int), double>> eventTimes, CancellationToken ct)
    {
        foreach (var (task, maxima) in eventTimes)
            if (maxima.Count > 0) await Services.Progress.ReportAsync(task, maxima, ct);
    }
}
