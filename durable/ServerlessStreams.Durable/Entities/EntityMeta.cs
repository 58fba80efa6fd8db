using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The meta row's payload: the key-level window state, and per source partition the highest position applied
/// (replays at or below it are skipped without a de-duplication row). Watermarks live in the progress rows, not here.
/// </summary>
internal sealed class EntityMeta
{
    /// <summary>The key-level window state as read; writing takes it from the live <see cref="KeyState"/>.</summary>
    public JsonNode? State { get; set; }

    /// <summary>
    /// Per source partition, the highest position applied: the offset for segments straight from a topic, the offset
    /// and the index among its record's segments for those that came through an internal topic.
    /// </summary>
    public Dictionary<string, OriginPosition> HighWater { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per source (a partition, or the sweeper): the firings of its last apply. Sinks are written after the commit,
    /// so a crash in between would lose them; the redelivered batch finds its segments applied and delivers these
    /// again instead (sinks ignore a version they already hold).
    /// </summary>
    public Dictionary<string, PendingFirings> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Row keys of extents the state no longer holds whose rows a commit had no room left to delete (a transaction
    /// holds at most 100 actions, and one step can end many extents). They are never loaded, and later commits delete
    /// them as their room allows, earliest first.
    /// </summary>
    public List<string> Retired { get; set; } = [];

    public static EntityMeta Parse(string? data)
    {
        var meta = new EntityMeta();
        if (string.IsNullOrEmpty(data)) return meta;
        var o = JsonNode.Parse(data)!.AsObject();
        meta.State = o["state"]?.DeepClone();
        if (o["pending"] is JsonObject pending)
            foreach (var (source, firings) in pending) meta.Pending[source] = PendingFirings.From(firings);
        if (o["hwm"] is JsonObject hwm)
            foreach (var (source, position) in hwm) meta.HighWater[source] = ReadPosition(position!);
        if (o["retired"] is JsonArray retired)
            foreach (var rowKey in retired) meta.Retired.Add(rowKey!.GetValue<string>());
        // Rows written before the largest event time per source was dropped still hold "maxTime": it is not read.
        return meta;
    }

    /// <summary>The meta row's payload, with <paramref name="state"/>'s key-level part as its state.</summary>
    public string Serialize(KeyStateCodec codec, KeyState state) =>
        ReusableJsonWriter.Write((Meta: this, Codec: codec, State: state), static (writer, s) => s.Meta.Write(writer, s.Codec, s.State));

    private void Write(Utf8JsonWriter writer, KeyStateCodec codec, KeyState state)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("state");
        codec.WriteMeta(writer, state);
        writer.WriteStartObject("hwm");
        foreach (var source in Sorted(HighWater.Keys)) WritePosition(writer, source, HighWater[source]);
        writer.WriteEndObject();
        writer.WriteStartObject("pending");
        foreach (var source in Sorted(Pending.Keys))
        {
            if (Pending[source].Count == 0) continue;
            writer.WritePropertyName(source);
            Pending[source].WriteTo(writer);
        }
        writer.WriteEndObject();
        if (Retired.Count > 0)
        {
            writer.WriteStartArray("retired");
            foreach (var rowKey in Retired) writer.WriteStringValue(rowKey);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>A position is its offset when its index is 0 (as every row written before indexes existed), else <c>[offset, index]</c>.</summary>
    private static void WritePosition(Utf8JsonWriter writer, string source, OriginPosition position)
    {
        if (position.Index == 0)
        {
            writer.WriteNumber(source, position.Offset);
            return;
        }
        writer.WriteStartArray(source);
        writer.WriteNumberValue(position.Offset);
        writer.WriteNumberValue(position.Index);
        writer.WriteEndArray();
    }

    private static OriginPosition ReadPosition(JsonNode stored) => stored is JsonArray pair
        ? new OriginPosition(pair[0]!.GetValue<long>(), pair[1]!.GetValue<int>())
        : new OriginPosition(stored.GetValue<long>(), 0);

    private static string[] Sorted(Dictionary<string, OriginPosition>.KeyCollection keys) => Sorted([.. keys]);

    private static string[] Sorted(Dictionary<string, PendingFirings>.KeyCollection keys) => Sorted([.. keys]);

    private static string[] Sorted(string[] keys)
    {
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }

    public static string SourceOf(string topic, int partition) =>
        SourceNames.GetOrAdd((topic, partition), static source => $"{source.Topic}/{source.Partition}");

    /// <summary>Source names are asked for several times per segment; there are only as many as partitions.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Topic, int Partition), string> SourceNames = new();
}
