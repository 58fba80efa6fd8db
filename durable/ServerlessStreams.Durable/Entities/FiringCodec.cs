using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>Firings as JSON inside the meta row, so a commit's firings survive until a later load delivers them again.</summary>
internal static class FiringCodec
{
    public static JsonArray Save(IEnumerable<Firing> firings) => new(firings.Select(f => (JsonNode?)new JsonObject
    {
        ["w"] = f.WindowId,
        ["t"] = f.TriggerId,
        ["k"] = f.GroupKey.Json,
        ["x"] = f.ExtentId,
        ["lo"] = f.LowerBound,
        ["hi"] = f.UpperBound,
        ["e"] = SaveEvent(f.Event),
        ["s"] = f.State?.DeepClone(),
        ["v"] = f.Version,
    }).ToArray());

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

    internal static JsonNode SaveEvent(FiringEvent firingEvent)
    {
        var name = firingEvent.Name;
        var number = Array.IndexOf(LegacyEventNumbers, name);
        return number >= 0 ? JsonValue.Create(number) : JsonValue.Create(name);
    }

    internal static FiringEvent LoadEvent(JsonNode stored) => stored.GetValueKind() switch
    {
        JsonValueKind.String => FiringEvent.Parse(stored.GetValue<string>()),
        JsonValueKind.Number when stored.GetValue<int>() is var number && (uint)number < (uint)LegacyEventNumbers.Length =>
            FiringEvent.Parse(LegacyEventNumbers[number]),
        _ => throw new InvalidDataException($"stored firing has an unknown event {stored.ToJsonString()}"),
    };
}
