using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Engine;

/// <summary>
/// Persists a <see cref="KeyState"/> as JSON in two parts, as the store keeps it: the key-level part (the meta row)
/// and one document per extent (one row each), so a batch rewrites only the extents it touched.
/// Triggers are named by id, so state survives a job whose triggers are reordered.
/// </summary>
internal sealed class KeyStateCodec(CompiledTask task)
{
    /// <summary>The key-level part as a document (tests, snapshots); commits write it with <see cref="WriteMeta"/>.</summary>
    public JsonObject SaveMeta(KeyState state) =>
        JsonNode.Parse(ReusableJsonWriter.Write(state, WriteMeta))!.AsObject();

    /// <summary>Writes the key-level part: version, arrival, firing version, session and per-trigger counters and timers.</summary>
    public void WriteMeta(Utf8JsonWriter writer, KeyState state)
    {
        var triggers = task.Triggers;
        writer.WriteStartObject();
        writer.WriteNumber("v", KeyState.SchemaVersion);
        writer.WriteNumber("arrival", state.NextArrival);
        writer.WriteNumber("version", state.FiringVersion);
        writer.WriteNumber("session", state.NextSessionId);
        writer.WriteStartObject("counts");
        for (var i = 0; i < triggers.Count; i++)
            if (state.SegmentCounts[triggers[i].Index] is var count and not 0) writer.WriteNumber(triggers[i].Id, count);
        writer.WriteEndObject();
        writer.WriteStartObject("timers");
        for (var i = 0; i < triggers.Count; i++)
            if (state.NextTimerAt[triggers[i].Index] is { } due) writer.WriteNumber(triggers[i].Id, due);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads the key-level part; extents are added with <see cref="LoadExtent"/>.</summary>
    public KeyState LoadMeta(JsonNode? meta)
    {
        var state = new KeyState(task.TriggerCount);
        if (meta is not JsonObject o) return state;
        CheckVersion(o);
        state.NextArrival = o["arrival"] is { } arrival ? JsonNumbers.ToInt64(arrival, "stored arrival number") : 0;
        state.FiringVersion = o["version"] is { } version ? JsonNumbers.ToInt64(version, "stored firing version") : 0;
        state.NextSessionId = o["session"] is { } session ? JsonNumbers.ToInt64(session, "stored session number") : 0;
        foreach (var trigger in task.Triggers)
        {
            if (o["counts"]?[trigger.Id] is { } count) state.SegmentCounts[trigger.Index] = JsonNumbers.ToInt64(count, $"stored count of trigger '{trigger.Id}'");
            if (o["timers"]?[trigger.Id] is { } due) state.NextTimerAt[trigger.Index] = JsonNumbers.ToDouble(due, $"stored timer of trigger '{trigger.Id}'");
        }
        return state;
    }

    /// <summary>An extent's row text: version, accumulator, session bounds, the triggers that have fired.</summary>
    public string ExtentJson(ExtentKey key, ExtentState extent) =>
        ReusableJsonWriter.Write((Codec: this, Key: key, Extent: extent), static (writer, s) => s.Codec.WriteExtent(writer, s.Key, s.Extent));

    private void WriteExtent(Utf8JsonWriter writer, ExtentKey key, ExtentState extent)
    {
        var window = task.Windows[key.Window];
        writer.WriteStartObject();
        writer.WriteNumber("v", KeyState.SchemaVersion);
        writer.WritePropertyName("acc");
        var accumulator = extent.Accumulator.Save();
        if (accumulator is null) writer.WriteNullValue();
        else accumulator.WriteTo(writer);
        if (extent.Lower is { } lower) writer.WriteNumber("lo", lower);
        if (extent.Upper is { } upper) writer.WriteNumber("hi", upper);
        var anyFired = false;
        var triggers = window.Triggers;
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            if (!extent.HasFired(trigger)) continue;
            if (!anyFired) writer.WriteStartArray("fired");
            anyFired = true;
            writer.WriteStringValue(trigger.Id);
        }
        if (anyFired) writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>An extent as a document (tests, snapshots); commits write it with <see cref="ExtentJson"/>.</summary>
    public JsonObject SaveExtent(ExtentKey key, ExtentState extent) => JsonNode.Parse(ExtentJson(key, extent))!.AsObject();

    public void LoadExtent(KeyState state, string windowId, long extentId, JsonNode saved)
    {
        var window = task.Windows.FirstOrDefault(w => w.Id == windowId)
            ?? throw new InvalidDataException($"stored extent of unknown window '{windowId}' in task '{task.Name}'");
        var o = saved.AsObject();
        CheckVersion(o);
        var extent = new ExtentState(window.Aggregation.Load(o["acc"]))
        {
            Lower = o["lo"] is { } lo ? JsonNumbers.ToDouble(lo, "stored session start") : null,
            Upper = o["hi"] is { } hi ? JsonNumbers.ToDouble(hi, "stored session end") : null,
        };
        if (o["fired"] is JsonArray fired)
            foreach (var trigger in window.Triggers)
                if (fired.Any(f => f!.GetValue<string>() == trigger.Id)) extent.MarkFired(trigger);
        state.Extents[new ExtentKey(window.Index, extentId)] = extent;
    }

    /// <summary>The whole state as one document (tests, simulation snapshots).</summary>
    public JsonObject Save(KeyState state)
    {
        var extents = new JsonArray();
        foreach (var (key, extent) in state.Extents.OrderBy(e => e.Key))
            extents.Add(new JsonObject { ["window"] = task.Windows[key.Window].Id, ["id"] = key.Id, ["state"] = SaveExtent(key, extent) });
        return new JsonObject { ["meta"] = SaveMeta(state), ["extents"] = extents };
    }

    public KeyState Load(JsonObject saved)
    {
        var state = LoadMeta(saved["meta"]);
        foreach (var item in saved["extents"]!.AsArray())
            LoadExtent(state, item!["window"]!.GetValue<string>(), item["id"]!.GetValue<long>(), item["state"]!);
        return state;
    }

    private static void CheckVersion(JsonObject o)
    {
        var version = o["v"] is JsonValue v && JsonNumbers.TryGetDouble(v, out var number) ? number : 0;
        if (version != KeyState.SchemaVersion)
            throw new InvalidDataException($"window state has schema version {version}; this engine reads version {KeyState.SchemaVersion}");
    }
}
