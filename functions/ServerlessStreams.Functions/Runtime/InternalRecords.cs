using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// The records of a repartitioned task's internal topic: one per input segment of the task, keyed by its group key
/// (so one key lands in one partition), its value the JSON array of what the task's function made of the segment.
/// One header, <see cref="OriginHeader"/>, carries the rest (<see cref="InternalOrigin"/>): the input's origin (the
/// record it derives from and its index among that record's segments for the task), its segment id, its
/// de-duplication id when the task declares a uniqueness key, and the origin record's Kafka key and timestamp, so the
/// windowed side sees what the stage saw. Where a task is pre-aggregated, most inputs travel in partials instead
/// (<see cref="PartialRecords"/>).
/// </summary>
internal static class InternalRecords
{
    public const string OriginHeader = "ss-origin";

    public static OutgoingRecord Encode(string topic, Segment input, StageOutput output, int index, bool carriesDedupeId)
    {
        var origin = new InternalOrigin(new SegmentOrigin(input.Source, index), input.Id, carriesDedupeId ? output.DedupeId.Value : null,
            input.KafkaKey, input.Timestamp);
        return new OutgoingRecord(topic, output.Key.Json, Results(output.Results), null, [new(OriginHeader, origin.Encode())]);
    }

    private static byte[] Results(IReadOnlyList<Segment> results) =>
        ReusableJsonWriter.WriteUtf8(results, static (writer, results) =>
        {
            writer.WriteStartArray();
            foreach (var result in results) result.Payload.WriteTo(writer);
            writer.WriteEndArray();
        });

    /// <summary>
    /// The task's input as the producing stage had it, with its results (their event times read by
    /// <paramref name="task"/>); null with <paramref name="problem"/> when the record is not one of ours.
    /// <paramref name="via"/> names the record's partition (<c>topic/partition</c>).
    /// </summary>
    public static KeyedInput? Decode(KafkaEventRecord record, string via, CompiledTask task, out string? problem)
    {
        problem = null;
        byte[]? header = null;
        foreach (var candidate in record.Headers)
            if (candidate.Key == OriginHeader) header = candidate.Value;
        if (header is null || record.Key is null)
        {
            problem = $"not a record of task '{task.Name}''s internal topic: it needs a key and the header {OriginHeader}";
            return null;
        }
        if (InternalOrigin.Decode(header, out var unreadable) is not { } origin)
        {
            problem = $"not a record of task '{task.Name}''s internal topic: its header {OriginHeader} {unreadable}";
            return null;
        }
        var timestamp = origin.Timestamp;

        JsonArray? array;
        try
        {
            // The array holds payloads the stage read at most RecordPayload.MaxDepth deep: one level more.
            array = JsonNode.Parse(record.Value, documentOptions: new JsonDocumentOptions { MaxDepth = RecordPayload.MaxDepth + 1 }) as JsonArray;
        }
        catch (JsonException)
        {
            array = null;
        }
        if (array is null || array.Any(r => r is not JsonObject))
        {
            problem = $"the value of an internal record of task '{task.Name}' must be an array of objects";
            return null;
        }
        var payloads = array.Select(r => (JsonObject)r!).ToArray();
        // The results become segments of their own: they leave the array.
        array.Clear();

        var segmentId = origin.Id;
        var input = new Segment
        {
            Id = segmentId,
            Payload = payloads.Length > 0 ? payloads[0] : [],
            Source = origin.Origin.Source,
            KafkaKey = origin.KafkaKey,
            Timestamp = timestamp,
        };
        var results = new Segment[payloads.Length];
        for (var i = 0; i < payloads.Length; i++)
        {
            results[i] = input with
            {
                Id = segmentId.Child(i),
                Payload = payloads[i],
                EventTime = task.HasWindows ? task.EventTimeOf(payloads[i], timestamp) : null,
            };
        }
        var output = new StageOutput(new GroupKey(record.Key), origin.DedupeId is { } dedupe ? new SegmentId(dedupe) : segmentId, results, []);
        return KeyedInput.Repartitioned(input, output, origin.Origin.Index, via);
    }
}
