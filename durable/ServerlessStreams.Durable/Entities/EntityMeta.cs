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

    public static EntityMeta Parse(string? data)
    {
        var meta = new EntityMeta();
        if (string.IsNullOrEmpty(data)) return meta;
        var o = JsonNode.Parse(data)!.AsObject();
        meta.State = o["state"]?.DeepClone();
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
        HighWater.Clear();
        foreach (var (k, v) in copy.HighWater) HighWater[k] = v;
        MaxEventTime.Clear();
        foreach (var (k, v) in copy.MaxEventTime) MaxEventTime[k] = v;
    }

    public string Serialize()
    {
        var hwm = new JsonObject();
        foreach (var (source, offset) in HighWater.OrderBy(p => p.Key, StringComparer.Ordinal)) hwm[source] = offset;
        var times = new JsonObject();
        foreach (var (source, time) in MaxEventTime.OrderBy(p => p.Key, StringComparer.Ordinal)) times[source] = time;
        return new JsonObject { ["state"] = State?.DeepClone(), ["hwm"] = hwm, ["maxTime"] = times }.ToJsonString();
    }

    public static string SourceOf(string topic, int partition) => $"{topic}/{partition}";
}
