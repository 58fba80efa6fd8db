using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Sinks;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The rows of a Table view as the views function answers them: a JSON array of
/// <c>{"windowId","groupKey","extentId","lowerBound","upperBound","triggerId","event","state","version"}</c>, with
/// the group key, bounds and state as the JSON values they are (not JSON text in strings).
/// </summary>
internal static class ViewRowsJson
{
    public static JsonArray Write(IEnumerable<ViewRow> rows) =>
        new(rows.Select(row => (JsonNode?)new JsonObject
        {
            ["windowId"] = row.WindowId,
            ["groupKey"] = JsonNode.Parse(row.GroupKey),
            ["extentId"] = row.ExtentId,
            ["lowerBound"] = JsonNode.Parse(row.LowerBound),
            ["upperBound"] = JsonNode.Parse(row.UpperBound),
            ["triggerId"] = row.TriggerId,
            ["event"] = row.Event,
            ["state"] = JsonNode.Parse(row.State),
            ["version"] = row.Version,
        }).ToArray());
}
