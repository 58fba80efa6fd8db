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
        ["e"] = (int)f.Event,
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
            Event = (FiringEvent)i["e"]!.GetValue<int>(),
            State = i["s"]?.DeepClone(),
            Version = i["v"]!.GetValue<long>(),
        }).ToList();
}
