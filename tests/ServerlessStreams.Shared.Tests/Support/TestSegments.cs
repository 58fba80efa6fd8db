using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Shared.Tests.Support;

internal static class TestSegments
{
    /// <summary>A segment of topic "in", partition 0, with the given JSON payload.</summary>
    public static Segment Of(string json, long offset = 0, long? timestamp = null) => new()
    {
        Id = SegmentId.FromSource("in", 0, offset),
        Payload = JsonNode.Parse(json)!.AsObject(),
        Source = new SourceCoordinates("in", 0, offset),
        Timestamp = timestamp,
    };

    public static Segment Of(JsonObject payload, long offset = 0) => new()
    {
        Id = SegmentId.FromSource("in", 0, offset),
        Payload = payload,
        Source = new SourceCoordinates("in", 0, offset),
    };

    /// <summary>Segments <c>{"t": value}</c> for each value, offsets in order.</summary>
    public static Segment[] At(params double[] values) =>
        values.Select((v, i) => Of(new JsonObject { ["t"] = v }, i)).ToArray();
}
