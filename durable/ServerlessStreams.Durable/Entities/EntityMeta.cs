using System.Text.Json.Nodes;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The meta row's payload: the key-level window state, and per source partition the highest offset applied
/// (replays at or below it are skipped without a de-duplication row) and the largest event time seen.
/// </summary>
internal sealed class EntityMeta
{
    public JsonNode? State { get; set; }

    public Dictionary<string, long> HighWater { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> MaxEventTime { get; } = new(StringComparer.Ordinal);

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
        if (o["maxTime"] is JsonObject times)
            foreach (var (source, time) in times) meta.MaxEventTime[source] = time!.GetValue<double>();
        return meta;
    }

    /// <summary>Puts back a serialised copy, undoing changes made for a commit that did not happen.</summary>
    public void Restore(string serialized)
    {
        var copy = Parse(serialized);
        State = copy.State;
        Pending.Clear();
        foreach (var (k, v) in copy.Pending) Pending[k] = v;
        HighWater.Clear();
        foreach (var (k, v) in copy.HighWater) HighWater[k] = v;
        MaxEventTime.Clear();
        foreach (var (k, v) in copy.MaxEventTime) MaxEventTime[k] = v;
    }

    public string Serialize()
    {
        // Written with a Utf8JsonWriter: one meta row per commit makes this a hot path.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("state");
            if (State is null) writer.WriteNullValue();
            else State.WriteTo(writer);
            WriteMap(writer, "hwm", HighWater, (w, v) => w.WriteNumberValue(v));
            WriteMap(writer, "maxTime", MaxEventTime, (w, v) => w.WriteNumberValue(v));
            writer.WriteStartObject("pending");
            foreach (var (source, firings) in Pending.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(source);
                firings.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteMap<T>(System.Text.Json.Utf8JsonWriter writer, string name, Dictionary<string, T> map,
        Action<System.Text.Json.Utf8JsonWriter, T> write)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            write(writer, value);
        }
        writer.WriteEndObject();
    }

    public static string SourceOf(string topic, int partition) => $"{topic}/{partition}";
}
