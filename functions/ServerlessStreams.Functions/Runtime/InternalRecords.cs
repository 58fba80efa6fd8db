using System.Globalization;
using System.Text;
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
/// Headers carry the rest: the input's segment id (<see cref="SegmentId.HeaderName"/>), its origin (the record it
/// derives from and its index among that record's segments for the task), its de-duplication id when the task declares a
/// uniqueness key, and the origin record's Kafka key and timestamp, so the windowed side sees what the stage saw.
/// Where a task is pre-aggregated, most inputs travel in partials instead (<see cref="PartialRecords"/>).
/// </summary>
public static class InternalRecords
{
    public const string OriginHeader = "ss-origin";
    public const string DedupeHeader = "ss-dedupe";
    public const string KeyHeader = "ss-key";
    public const string TimestampHeader = "ss-time";

    public static OutgoingRecord Encode(string topic, Segment input, StageOutput output, int index, bool carriesDedupeId)
    {
        var headers = new List<KeyValuePair<string, byte[]>>(4)
        {
            new(OriginHeader, Encoding.UTF8.GetBytes(new SegmentOrigin(input.Source, index).ToString())),
        };
        if (carriesDedupeId) headers.Add(new(DedupeHeader, Encoding.UTF8.GetBytes(output.DedupeId.Value)));
        if (input.KafkaKey is { } key) headers.Add(new(KeyHeader, Encoding.UTF8.GetBytes(key)));
        if (input.Timestamp is { } timestamp)
            headers.Add(new(TimestampHeader, Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture))));
        return new OutgoingRecord(topic, output.Key.Json, Results(output.Results), input.Id, headers);
    }

    private static byte[] Results(IReadOnlyList<Segment> results)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var result in results) result.Payload.WriteTo(writer);
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The task's input as the producing stage had it, with its results (their event times read by
    /// <paramref name="task"/>); null with <paramref name="problem"/> when the record is not one of ours.
    /// <paramref name="via"/> names the record's partition (<c>topic/partition</c>).
    /// </summary>
    public static KeyedInput? Decode(KafkaEventRecord record, string via, CompiledTask task, out string? problem)
    {
        problem = null;
        string? id = null, origin = null, dedupe = null, originKey = null, time = null;
        foreach (var header in record.Headers)
        {
            switch (header.Key)
            {
                case SegmentId.HeaderName: id = Encoding.UTF8.GetString(header.Value); break;
                case OriginHeader: origin = Encoding.UTF8.GetString(header.Value); break;
                case DedupeHeader: dedupe = Encoding.UTF8.GetString(header.Value); break;
                case KeyHeader: originKey = Encoding.UTF8.GetString(header.Value); break;
                case TimestampHeader: time = Encoding.UTF8.GetString(header.Value); break;
            }
        }
        long? timestamp = null;
        if (id is null || origin is null || !SegmentOrigin.TryParse(origin, out var parsed) || record.Key is null)
        {
            problem = $"not a record of task '{task.Name}''s internal topic: it needs a key and the headers {SegmentId.HeaderName} and {OriginHeader}";
            return null;
        }
        if (time is not null)
        {
            if (!long.TryParse(time, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                problem = $"header {TimestampHeader} '{time}' is not a timestamp";
                return null;
            }
            timestamp = ms;
        }

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

        var segmentId = new SegmentId(id);
        var input = new Segment
        {
            Id = segmentId,
            Payload = payloads.Length > 0 ? payloads[0] : [],
            Source = parsed.Source,
            KafkaKey = originKey,
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
        var output = new StageOutput(new GroupKey(record.Key), dedupe is null ? segmentId : new SegmentId(dedupe), results, []);
        return KeyedInput.Repartitioned(input, output, parsed.Index, via);
    }
}
