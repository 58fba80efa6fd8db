using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// Partials: internal records that carry many inputs of one group key from one origin partition, pre-aggregated
/// (<see cref="PreAggregation"/>). The header <see cref="PartialHeader"/> names the origin partition
/// (<c>topic/partition</c>); the value is <c>{"time": <i>largest event time or null</i>, "runs": [[offset, index,
/// [slim payloads], count?], …]}</c>, a run standing for <c>count</c> (default 1) inputs at consecutive offsets with one
/// index and the same slim results, in position order. The keyed side rebuilds one input per position, so each is
/// skipped or applied by its position exactly as if it had come alone.
/// </summary>
internal static class PartialRecords
{
    public const string PartialHeader = "ss-partial";

    /// <summary>A partial is cut before it grows past this (Kafka and Event Hubs take records of 1 MiB at most).</summary>
    public const int MaxValueBytes = 256 * 1024;

    /// <summary>One input of a partial: its position and its results' slim payloads.</summary>
    public sealed record Entry(OriginPosition Position, IReadOnlyList<JsonObject> Slim, double? EventTime);

    /// <summary>The partials of <paramref name="entries"/> (one key, one origin partition, in position order).</summary>
    public static IEnumerable<OutgoingRecord> Encode(string topic, GroupKey key, string originTopic, int originPartition, IReadOnlyList<Entry> entries)
    {
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{originTopic}/{originPartition}"));
        var texts = entries.Select(e => SlimText(e.Slim)).ToArray();
        var start = 0;
        while (start < entries.Count)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            double? time = null;
            var next = start;
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("runs");
                while (next < entries.Count && (next == start || writer.BytesCommitted + writer.BytesPending + texts[next].Length < MaxValueBytes))
                {
                    var first = entries[next];
                    var count = 1;
                    while (next + count < entries.Count && Continues(entries[next + count - 1], entries[next + count]) && texts[next + count] == texts[next])
                        count++;
                    writer.WriteStartArray();
                    writer.WriteNumberValue(first.Position.Offset);
                    writer.WriteNumberValue(first.Position.Index);
                    writer.WriteRawValue(texts[next], skipInputValidation: true);
                    if (count > 1) writer.WriteNumberValue(count);
                    writer.WriteEndArray();
                    for (var i = next; i < next + count; i++)
                        if (entries[i].EventTime is { } t && (time is null || t > time)) time = t;
                    next += count;
                    writer.Flush();
                }
                writer.WriteEndArray();
                if (time is { } largest) writer.WriteNumber("time", largest);
                else writer.WriteNull("time");
                writer.WriteEndObject();
            }
            yield return new OutgoingRecord(topic, key.Json, buffer.WrittenSpan.ToArray(), null, [new(PartialHeader, header)]);
            start = next;
        }
    }

    private static string SlimText(IReadOnlyList<JsonObject> slims)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var slim in slims) slim.WriteTo(writer);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool Continues(Entry previous, Entry next) =>
        next.Position.Index == previous.Position.Index && next.Position.Offset == previous.Position.Offset + 1;

    /// <summary>Whether the record is a partial: its origin partition when it is, else null.</summary>
    public static string? OriginOf(KafkaEventRecord record)
    {
        foreach (var header in record.Headers)
            if (header.Key == PartialHeader) return Encoding.UTF8.GetString(header.Value);
        return null;
    }

    /// <summary>
    /// The inputs of a partial (see <see cref="OriginOf"/>), added to <paramref name="into"/>, and the largest event
    /// time its inputs had; false with <paramref name="problem"/> when the record is not a partial of <paramref name="task"/>.
    /// </summary>
    public static bool TryDecode(KafkaEventRecord record, string origin, string via, CompiledTask task, List<KeyedInput> into,
        out double? eventTime, out string? problem)
    {
        eventTime = null;
        problem = null;
        var slash = origin.LastIndexOf('/');
        JsonObject? value = null;
        try
        {
            // Slim results sit four levels down ({"runs":[[offset, index, [result…]]]}), each as deep as the stage read it.
            value = JsonNode.Parse(record.Value, documentOptions: new JsonDocumentOptions { MaxDepth = RecordPayload.MaxDepth + 4 }) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (slash <= 0 || !int.TryParse(origin.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || record.Key is null || value?["runs"] is not JsonArray runs || !TryReadTime(value["time"], out eventTime))
        {
            problem = $"not a partial of task '{task.Name}': it needs a key, a header {PartialHeader} 'topic/partition' and a value {{\"runs\":[…],\"time\":…}}";
            return false;
        }
        var topic = origin[..slash];
        var key = new GroupKey(record.Key);
        var decoded = new List<KeyedInput>();
        foreach (var run in runs)
        {
            if (!TryReadRun(run, out var offset, out var index, out var slims, out var count))
            {
                problem = $"a run of a partial of task '{task.Name}' must be [offset, index, [objects], count?]: {run?.ToJsonString()}";
                return false;
            }
            for (var k = 0; k < count; k++)
            {
                var source = new SourceCoordinates(topic, partition, offset + k);
                var id = SegmentId.FromSource(topic, partition, offset + k);
                var results = new Segment[slims.Length];
                for (var i = 0; i < slims.Length; i++)
                    results[i] = PreAggregation.Rebuild(task, id.Child(i), k == 0 ? slims[i] : (JsonObject)slims[i].DeepClone(), source);
                var input = new Segment { Id = id, Payload = [], Source = source };
                decoded.Add(KeyedInput.Repartitioned(input, new StageOutput(key, id, results, []), index, via));
            }
        }
        into.AddRange(decoded);
        return true;
    }

    private static bool TryReadTime(JsonNode? node, out double? time)
    {
        time = null;
        if (node is null) return true;
        if (!JsonNumbers.TryGetDouble(node, out var value)) return false;
        time = value;
        return true;
    }

    private static bool TryReadRun(JsonNode? run, out long offset, out int index, out JsonObject[] slims, out int count)
    {
        offset = 0;
        index = 0;
        count = 1;
        slims = [];
        if (run is not JsonArray { Count: 3 or 4 } parts || parts[2] is not JsonArray results || results.Any(r => r is not JsonObject)
            || parts[0] is not JsonValue o || !o.TryGetValue(out offset) || offset < 0
            || parts[1] is not JsonValue i || !i.TryGetValue(out index) || index < 0)
            return false;
        if (parts.Count == 4 && (parts[3] is not JsonValue c || !c.TryGetValue(out count) || count < 1)) return false;
        slims = [.. results.Select(r => (JsonObject)r!)];
        // The payloads become segments of their own: they leave the array.
        results.Clear();
        return true;
    }
}
