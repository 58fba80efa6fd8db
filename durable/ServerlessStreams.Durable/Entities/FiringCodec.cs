using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>Firings as JSON inside the meta row, so a commit's firings survive until a later load delivers them again.</summary>
internal static class FiringCodec
{
    public static PendingFirings Save(IReadOnlyList<Firing> firings) => PendingFirings.Empty.Append(firings);

    /// <summary>One firing as an element of the meta row's pending array.</summary>
    public static void Write(Utf8JsonWriter writer, Firing firing)
    {
        writer.WriteStartObject();
        writer.WriteString("w", firing.WindowId);
        writer.WriteString("t", firing.TriggerId);
        writer.WriteString("k", firing.GroupKey.Json);
        writer.WriteNumber("x", firing.ExtentId);
        WriteNumberOrNull(writer, "lo", firing.LowerBound);
        WriteNumberOrNull(writer, "hi", firing.UpperBound);
        writer.WritePropertyName("e");
        WriteEvent(writer, firing.Event);
        writer.WritePropertyName("s");
        if (firing.State is null) writer.WriteNullValue();
        else firing.State.WriteTo(writer);
        writer.WriteNumber("v", firing.Version);
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number) writer.WriteNumber(name, number);
        else writer.WriteNull(name);
    }

    public static List<Firing> Load(JsonNode? saved) => saved is not JsonArray items
        ? []
        : items.Select(i => new Firing
        {
            WindowId = i!["w"]!.GetValue<string>(),
            TriggerId = i["t"]!.GetValue<string>(),
            GroupKey = new GroupKey(i["k"]!.GetValue<string>()),
            ExtentId = i["x"]!.GetValue<long>(),
            LowerBound = i["lo"]?.GetValue<double>(),
            UpperBound = i["hi"]?.GetValue<double>(),
            Event = LoadEvent(i["e"]!),
            State = i["s"]?.DeepClone(),
            Version = i["v"]!.GetValue<long>(),
        }).ToList();

    /// <summary>
    /// The numbers pending firings were stored with when events were an enum of their own, in its order. Frozen: rows
    /// written before and after read the same, and an older engine still reads what this one writes for these events.
    /// An event not listed (a trigger kind added since) is stored by its name.
    /// </summary>
    internal static readonly string[] LegacyEventNumbers = ["segment", "timer", "punctuation", "watermark", "percentileWatermark", "completed"];

    private static void WriteEvent(Utf8JsonWriter writer, FiringEvent firingEvent)
    {
        var name = firingEvent.Name;
        var number = Array.IndexOf(LegacyEventNumbers, name);
        if (number >= 0) writer.WriteNumberValue(number);
        else writer.WriteStringValue(name);
    }

    internal static FiringEvent LoadEvent(JsonNode stored) => stored.GetValueKind() switch
    {
        JsonValueKind.String => FiringEvent.Parse(stored.GetValue<string>()),
        JsonValueKind.Number when stored.GetValue<int>() is var number && (uint)number < (uint)LegacyEventNumbers.Length =>
            FiringEvent.Parse(LegacyEventNumbers[number]),
        _ => throw new InvalidDataException($"stored firing has an unknown event {stored.ToJsonString()}"),
    };
}
