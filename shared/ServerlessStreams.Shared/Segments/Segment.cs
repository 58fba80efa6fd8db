using System.Text.Json.Nodes;

namespace ServerlessStreams.Segments;

/// <summary>A record's JSON payload with its envelope.</summary>
public sealed record Segment
{
    public required SegmentId Id { get; init; }
    public required JsonObject Payload { get; init; }
    public SourceCoordinates Source { get; init; }
    public string? KafkaKey { get; init; }
    /// <summary>The record's timestamp in epoch milliseconds: the event time when a window key field is absent.</summary>
    public long? Timestamp { get; init; }
}
