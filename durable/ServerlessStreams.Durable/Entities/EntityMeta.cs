using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The meta row's payload: the key-level window state, and per source partition the highest offset applied
/// (replays at or below it are skipped without a de-duplication row). Watermarks live in the progress rows, not here.
/// </summary>
internal sealed class EntityMeta
{
    /// <summary>The key-level window state as read; writing takes it from the live <see cref="KeyState"/>.</summary>
    public JsonNode? State { get; set; }

    public Dictionary<string, long> HighWater { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per source (a partition, or the sweeper): the firings of its last apply. Sinks are written after the commit,
    /// so a crash in between would lose them; the redelivered batch finds its segments applied and delivers these
    /// again instead (sinks ignore a version they already hold).
    /// </summary>
    public Dictionary<string, JsonArray> Pending { get; } = new(StringComparer.Ordinal);

    public static EntityMeta Parse(string? data)
    {
        var meta = new EntityMeta();
        if (string.IsNullOrEmpty(data)) return meta;
        var o = JsonNode.Parse(data)!.AsObject();
        meta.State = o["state"]?.DeepClone();
        if (o["pending"] is JsonObject pending)
            foreach (var (source, firings) in pending) meta.Pending[source] = (JsonArray)firings!.DeepClone();
        if (o["hwm"] is JsonObject hwm)
            foreach (var (source, offset) in hwm) meta.HighWater[source] = offset!.GetValue<long>();
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
        foreach (var source in Sorted(HighWater.Keys)) writer.WriteNumber(source, HighWater[source]);
        writer.WriteEndObject();
        writer.WriteStartObject("pending");
        foreach (var source in Sorted(Pending.Keys))
        {
            if (Pending[source].Count == 0) continue;
            writer.WritePropertyName(source);
            Pending[source].WriteTo(writer);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string[] Sorted(Dictionary<string, long>.KeyCollection keys) => Sorted([.. keys]);

    private static string[] Sorted(Dictionary<string, JsonArray>.KeyCollection keys) => Sorted([.. keys]);

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
